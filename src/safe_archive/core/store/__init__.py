"""The store: everything that touches the database file (SQLCipher connection, schema, keys,
key rotation, the audit log, posts, relations, search SQL, the one renderer of
``posts.redacted_text``, propagation, pseudonyms). Only the services and the archive facade
use it; nothing above them sees SQL."""
