"""A recognizer registry whose order does not change from one process to the next.

Presidio's ``RecognizerRegistry.get_recognizers`` returns ``list(set(...))``: the recognizers
run in an order set by object hashes, which differ between processes. When two recognizers
report the same result (same span, type and score: an author's handle found both as the
post's author and as an archive-wide known handle), Presidio's de-duplication keeps whichever
ran first — so the finding's ``source`` differed between one process, a pool worker and a Dask
worker. Found by the LocalCluster test of issue 19.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerRegistry


class StableRecognizerRegistry(RecognizerRegistry):
    """Recognizers in registration order, then the ad-hoc ones in the order given."""

    def get_recognizers(
        self,
        language: str,
        entities: list[str] | None = None,
        all_fields: bool = False,
        ad_hoc_recognizers: list[EntityRecognizer] | None = None,
    ) -> list[EntityRecognizer]:
        found = super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        order = {id(r): i for i, r in enumerate([*self.recognizers, *(ad_hoc_recognizers or [])])}
        return sorted(found, key=lambda r: order.get(id(r), len(order)))
