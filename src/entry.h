/* entry.h: an unpacked wheel in the cache: its manifest, and its files put into envs. */

/* written last into an unpacked entry: every file with its size and mtime */
#define MANIFEST ".venvmk-manifest"
#define MANIFESTHEAD "venvmk-manifest 1\n"

struct mfile {
	char *name;	/* as in the wheel, relative to the entry */
	bool exec;
	long long size, sec;
	long nsec;
};

struct manifest {
	struct mfile *v;
	size_t n, cap;
};

/* note file NAME (executable or not) with its stat ST in M */
void manifestadd(struct manifest *m, const char *name, bool exec, const struct stat *st);
void manifestclear(struct manifest *m);
/* ENTRY's manifest into M; returns 0, or 1 when it is missing or unreadable (a damaged entry) */
int manifestread(const char *entry, struct manifest *m);
/* whether every file of ENTRY is as its manifest says: a file changed through a hard link shows */
bool manifestok(const char *entry, const struct manifest *m);
/* move the damaged ENTRY out of the way (into the cache's tmp dir) and remove it */
void entrydiscard(const char *entry);
/* "sha256=<urlsafe base64>" of N bytes at P, as RECORD spells it, newly allocated */
char *recorddigest(const void *p, size_t n);
/* write all LEN bytes of DATA to FD; 0 or -1 with errno set */
int writeall(int fd, const void *data, size_t len);
/* write PATH as a new file (temporary name, then rename): an old PATH may be a link into the cache */
int writenew(const char *path, const void *data, size_t len, mode_t mode);
/* put the cache file SRC at DEST: a hard link, or a copy when COPY or linking fails; 0, 1 when SRC vanished, -1 */
int place(const char *src, const char *dest, bool exec, bool copy);
/* the value of field KEY in the RFC 822 header TEXT (WHEEL, METADATA), newly allocated, or NULL */
char *headerfield(const char *text, const char *key);
