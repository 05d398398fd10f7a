/* plshim.c — LD_PRELOAD recorder for the power-loss tests (tests/security/test_powerloss.py).
 *
 * Logs, in call order, every successful file-system operation on a path under $PL_DIR
 * (the archive folder, and the folder itself for directory fsync), with the written bytes:
 * open/open64/openat/openat64/creat/creat64, write/pwrite/pwrite64/writev/pwritev,
 * ftruncate/ftruncate64/truncate, fsync/fdatasync, rename/renameat/renameat2,
 * unlink/unlinkat, mkdir/mkdirat, close, and the in-kernel copies sendfile/sendfile64/
 * copy_file_range (what shutil.copyfile uses; logged as writes, the bytes read back from
 * the source). Writes to fd 1 (the driver's "ACK n" / "STEP x" / "DONE" lines) are
 * logged as MARK records, so acknowledgements are ordered relative to the file operations.
 *
 * Record (little-endian, packed): u8 op, i32 fd, i64 a, i64 b, u32 len1, u32 len2,
 * then len1 bytes (path or data) and len2 bytes (second path). The log is $PL_LOG.
 * Built by the test with: cc -shared -fPIC -O2 -o plshim.so plshim.c -ldl -lpthread
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

enum { OP_OPEN = 1, OP_WRITE = 2, OP_TRUNC = 3, OP_FSYNC = 4, OP_FDATASYNC = 5, OP_RENAME = 6,
       OP_UNLINK = 7, OP_CLOSE = 8, OP_MARK = 9, OP_TRUNCPATH = 10, OP_MKDIR = 11 };

#define MAXFD 65536
static unsigned char tracked[MAXFD];
static char pl_dir[4096];
static size_t pl_dir_len;
static int log_fd = -1;
static int inited;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static int (*r_open)(const char *, int, ...);
static int (*r_open64)(const char *, int, ...);
static int (*r_openat)(int, const char *, int, ...);
static int (*r_openat64)(int, const char *, int, ...);
static int (*r_creat)(const char *, mode_t);
static int (*r_creat64)(const char *, mode_t);
static ssize_t (*r_write)(int, const void *, size_t);
static ssize_t (*r_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*r_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*r_writev)(int, const struct iovec *, int);
static ssize_t (*r_pwritev)(int, const struct iovec *, int, off_t);
static int (*r_ftruncate)(int, off_t);
static int (*r_ftruncate64)(int, off_t);
static int (*r_truncate)(const char *, off_t);
static int (*r_fsync)(int);
static int (*r_fdatasync)(int);
static int (*r_rename)(const char *, const char *);
static int (*r_renameat)(int, const char *, int, const char *);
static int (*r_renameat2)(int, const char *, int, const char *, unsigned int);
static int (*r_unlink)(const char *);
static int (*r_unlinkat)(int, const char *, int);
static int (*r_close)(int);
static int (*r_mkdir)(const char *, mode_t);
static int (*r_mkdirat)(int, const char *, mode_t);
static ssize_t (*r_sendfile)(int, int, off_t *, size_t);
static ssize_t (*r_sendfile64)(int, int, off_t *, size_t);
static ssize_t (*r_copy_file_range)(int, off_t *, int, off_t *, size_t, unsigned int);

#define LOAD(name) r_##name = dlsym(RTLD_NEXT, #name)

static void init(void) {
    if (inited) return;
    LOAD(open); LOAD(open64); LOAD(openat); LOAD(openat64); LOAD(creat); LOAD(creat64);
    LOAD(write); LOAD(pwrite); LOAD(pwrite64); LOAD(writev); LOAD(pwritev);
    LOAD(ftruncate); LOAD(ftruncate64); LOAD(truncate); LOAD(fsync); LOAD(fdatasync);
    LOAD(rename); LOAD(renameat); LOAD(renameat2); LOAD(unlink); LOAD(unlinkat); LOAD(close);
    LOAD(mkdir); LOAD(mkdirat); LOAD(sendfile); LOAD(sendfile64); LOAD(copy_file_range);
    const char *d = getenv("PL_DIR"), *l = getenv("PL_LOG");
    if (d && l && strlen(d) < sizeof(pl_dir)) {
        strcpy(pl_dir, d);
        pl_dir_len = strlen(pl_dir);
        while (pl_dir_len > 1 && pl_dir[pl_dir_len - 1] == '/') pl_dir[--pl_dir_len] = 0;
        log_fd = r_open(l, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    }
    inited = 1;
}

__attribute__((constructor)) static void ctor(void) { init(); }

static void put_all(const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = r_write(log_fd, p, n);
        if (w < 0) { if (errno == EINTR) continue; abort(); } /* a lost record would fake results */
        p += w; n -= (size_t)w;
    }
}

#pragma pack(push, 1)
struct hdr { uint8_t op; int32_t fd; int64_t a; int64_t b; uint32_t len1; uint32_t len2; };
#pragma pack(pop)

static void emit(int op, int fd, int64_t a, int64_t b, const void *p1, size_t l1, const void *p2, size_t l2) {
    struct hdr h = { (uint8_t)op, fd, a, b, (uint32_t)l1, (uint32_t)l2 };
    int saved = errno;
    pthread_mutex_lock(&mu);
    put_all(&h, sizeof h);
    if (l1) put_all(p1, l1);
    if (l2) put_all(p2, l2);
    pthread_mutex_unlock(&mu);
    errno = saved;
}

/* Absolute form of path (relative to dirfd or the cwd); returns 0 if it cannot be formed. */
static int absolute(int dirfd, const char *path, char *out, size_t n) {
    if (!path) return 0;
    if (path[0] == '/') { if (strlen(path) >= n) return 0; strcpy(out, path); return 1; }
    char base[4096];
    if (dirfd == AT_FDCWD) {
        if (!getcwd(base, sizeof base)) return 0;
    } else {
        char link[64];
        snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
        ssize_t k = readlink(link, base, sizeof base - 1);
        if (k < 0) return 0;
        base[k] = 0;
    }
    if ((size_t)snprintf(out, n, "%s/%s", base, path) >= n) return 0;
    return 1;
}

static int under(const char *abs) {
    if (log_fd < 0) return 0;
    return strncmp(abs, pl_dir, pl_dir_len) == 0 && (abs[pl_dir_len] == 0 || abs[pl_dir_len] == '/');
}

static int is_tracked(int fd) { return log_fd >= 0 && fd >= 0 && fd < MAXFD && tracked[fd]; }

static void after_open(int dirfd, const char *path, int flags, int fd) {
    char abs[4096];
    if (fd < 0 || fd >= MAXFD || !absolute(dirfd, path, abs, sizeof abs) || !under(abs)) return;
    tracked[fd] = 1;
    emit(OP_OPEN, fd, flags, 0, abs, strlen(abs), NULL, 0);
}

#define MODE_ARG(flags) \
    mode_t mode = 0; \
    if ((flags) & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = va_arg(ap, int); va_end(ap); }

int open(const char *path, int flags, ...) {
    init(); MODE_ARG(flags);
    int fd = r_open(path, flags, mode);
    after_open(AT_FDCWD, path, flags, fd);
    return fd;
}
int open64(const char *path, int flags, ...) {
    init(); MODE_ARG(flags);
    int fd = r_open64(path, flags, mode);
    after_open(AT_FDCWD, path, flags, fd);
    return fd;
}
int openat(int dirfd, const char *path, int flags, ...) {
    init(); MODE_ARG(flags);
    int fd = r_openat(dirfd, path, flags, mode);
    after_open(dirfd, path, flags, fd);
    return fd;
}
int openat64(int dirfd, const char *path, int flags, ...) {
    init(); MODE_ARG(flags);
    int fd = r_openat64(dirfd, path, flags, mode);
    after_open(dirfd, path, flags, fd);
    return fd;
}
int creat(const char *path, mode_t mode) {
    init();
    int fd = r_creat(path, mode);
    after_open(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, fd);
    return fd;
}
int creat64(const char *path, mode_t mode) {
    init();
    int fd = r_creat64(path, mode);
    after_open(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, fd);
    return fd;
}

/* Offset a plain write() lands at: -1 for O_APPEND (the replayer appends). */
static int64_t cur_offset(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_APPEND)) return -1;
    return (int64_t)lseek(fd, 0, SEEK_CUR);
}

ssize_t write(int fd, const void *buf, size_t n) {
    init();
    if (fd == 1 && log_fd >= 0) {
        ssize_t w = r_write(fd, buf, n);
        if (w > 0) emit(OP_MARK, fd, 0, 0, buf, (size_t)w, NULL, 0);
        return w;
    }
    if (!is_tracked(fd)) return r_write(fd, buf, n);
    int64_t off = cur_offset(fd);
    ssize_t w = r_write(fd, buf, n);
    if (w > 0) emit(OP_WRITE, fd, off, 0, buf, (size_t)w, NULL, 0);
    return w;
}
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    init();
    ssize_t w = r_pwrite(fd, buf, n, off);
    if (w > 0 && is_tracked(fd)) emit(OP_WRITE, fd, off, 0, buf, (size_t)w, NULL, 0);
    return w;
}
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
    init();
    ssize_t w = r_pwrite64(fd, buf, n, off);
    if (w > 0 && is_tracked(fd)) emit(OP_WRITE, fd, off, 0, buf, (size_t)w, NULL, 0);
    return w;
}
static void emit_iov(int fd, int64_t off, const struct iovec *iov, int cnt, ssize_t w) {
    /* one WRITE record per iovec piece actually written (contiguous offsets) */
    for (int i = 0; i < cnt && w > 0; i++) {
        size_t k = iov[i].iov_len < (size_t)w ? iov[i].iov_len : (size_t)w;
        if (k) emit(OP_WRITE, fd, off, 0, iov[i].iov_base, k, NULL, 0);
        if (off >= 0) off += (int64_t)k;
        w -= (ssize_t)k;
    }
}
ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    init();
    if (!is_tracked(fd)) return r_writev(fd, iov, cnt);
    int64_t off = cur_offset(fd);
    ssize_t w = r_writev(fd, iov, cnt);
    emit_iov(fd, off, iov, cnt, w);
    return w;
}
ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off) {
    init();
    ssize_t w = r_pwritev(fd, iov, cnt, off);
    if (is_tracked(fd)) emit_iov(fd, off, iov, cnt, w);
    return w;
}
int ftruncate(int fd, off_t len) {
    init();
    int r = r_ftruncate(fd, len);
    if (r == 0 && is_tracked(fd)) emit(OP_TRUNC, fd, len, 0, NULL, 0, NULL, 0);
    return r;
}
int ftruncate64(int fd, off_t len) {
    init();
    int r = r_ftruncate64(fd, len);
    if (r == 0 && is_tracked(fd)) emit(OP_TRUNC, fd, len, 0, NULL, 0, NULL, 0);
    return r;
}
int truncate(const char *path, off_t len) {
    init();
    int r = r_truncate(path, len);
    char abs[4096];
    if (r == 0 && absolute(AT_FDCWD, path, abs, sizeof abs) && under(abs))
        emit(OP_TRUNCPATH, -1, len, 0, abs, strlen(abs), NULL, 0);
    return r;
}
int fsync(int fd) {
    init();
    int r = r_fsync(fd);
    if (r == 0 && is_tracked(fd)) emit(OP_FSYNC, fd, 0, 0, NULL, 0, NULL, 0);
    return r;
}
int fdatasync(int fd) {
    init();
    int r = r_fdatasync(fd);
    if (r == 0 && is_tracked(fd)) emit(OP_FDATASYNC, fd, 0, 0, NULL, 0, NULL, 0);
    return r;
}
static void after_rename(int d1, const char *a, int d2, const char *b, int r) {
    char x[4096], y[4096];
    if (r != 0 || !absolute(d1, a, x, sizeof x) || !absolute(d2, b, y, sizeof y)) return;
    if (under(x) || under(y)) emit(OP_RENAME, -1, 0, 0, x, strlen(x), y, strlen(y));
}
int rename(const char *a, const char *b) {
    init();
    int r = r_rename(a, b);
    after_rename(AT_FDCWD, a, AT_FDCWD, b, r);
    return r;
}
int renameat(int d1, const char *a, int d2, const char *b) {
    init();
    int r = r_renameat(d1, a, d2, b);
    after_rename(d1, a, d2, b, r);
    return r;
}
int renameat2(int d1, const char *a, int d2, const char *b, unsigned int flags) {
    init();
    int r = r_renameat2(d1, a, d2, b, flags);
    after_rename(d1, a, d2, b, r);
    return r;
}
static void after_unlink(int d, const char *p, int r) {
    char x[4096];
    if (r == 0 && absolute(d, p, x, sizeof x) && under(x)) emit(OP_UNLINK, -1, 0, 0, x, strlen(x), NULL, 0);
}
int unlink(const char *p) {
    init();
    int r = r_unlink(p);
    after_unlink(AT_FDCWD, p, r);
    return r;
}
int unlinkat(int d, const char *p, int flags) {
    init();
    int r = r_unlinkat(d, p, flags);
    after_unlink(d, p, r);
    return r;
}
static void after_mkdir(int d, const char *p, int r) {
    char x[4096];
    if (r == 0 && absolute(d, p, x, sizeof x) && under(x)) emit(OP_MKDIR, -1, 0, 0, x, strlen(x), NULL, 0);
}
int mkdir(const char *p, mode_t mode) {
    init();
    int r = r_mkdir(p, mode);
    after_mkdir(AT_FDCWD, p, r);
    return r;
}
int mkdirat(int d, const char *p, mode_t mode) {
    init();
    int r = r_mkdirat(d, p, mode);
    after_mkdir(d, p, r);
    return r;
}
/* An in-kernel copy of n bytes from in_fd@in_off to out_fd@out_off: log it as a write. */
static void log_copy(int out_fd, int64_t out_off, int in_fd, int64_t in_off, ssize_t n) {
    if (n <= 0 || !is_tracked(out_fd)) return;
    int saved = errno;
    char *buf = malloc((size_t)n);
    if (!buf) abort();
    ssize_t got = 0;
    while (got < n) {
        ssize_t r = pread(in_fd, buf + got, (size_t)(n - got), in_off + got);
        if (r <= 0) abort(); /* cannot log the bytes: better no result than a false one */
        got += r;
    }
    emit(OP_WRITE, out_fd, out_off, 0, buf, (size_t)n, NULL, 0);
    free(buf);
    errno = saved;
}
ssize_t sendfile(int out, int in, off_t *offset, size_t count) {
    init();
    int64_t out_off = is_tracked(out) ? cur_offset(out) : 0;
    int64_t in_off = offset ? *offset : (int64_t)lseek(in, 0, SEEK_CUR);
    ssize_t n = r_sendfile(out, in, offset, count);
    log_copy(out, out_off, in, in_off, n);
    return n;
}
ssize_t sendfile64(int out, int in, off_t *offset, size_t count) {
    init();
    int64_t out_off = is_tracked(out) ? cur_offset(out) : 0;
    int64_t in_off = offset ? *offset : (int64_t)lseek(in, 0, SEEK_CUR);
    ssize_t n = r_sendfile64(out, in, offset, count);
    log_copy(out, out_off, in, in_off, n);
    return n;
}
ssize_t copy_file_range(int in, off_t *off_in, int out, off_t *off_out, size_t len, unsigned int flags) {
    init();
    int64_t out_off = off_out ? *off_out : (is_tracked(out) ? cur_offset(out) : 0);
    int64_t in_off = off_in ? *off_in : (int64_t)lseek(in, 0, SEEK_CUR);
    ssize_t n = r_copy_file_range(in, off_in, out, off_out, len, flags);
    log_copy(out, out_off, in, in_off, n);
    return n;
}
int close(int fd) {
    init();
    int was = is_tracked(fd);
    int r = r_close(fd);
    if (was) {
        tracked[fd] = 0;
        emit(OP_CLOSE, fd, 0, 0, NULL, 0, NULL, 0);
    }
    return r;
}
