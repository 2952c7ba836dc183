/* cacheentry.h: an unpacked wheel in the cache: its manifest, damage, and the digests RECORD wants. */

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
/* whether ST (of a file of an entry) is as the manifest's F says: the file was not changed since */
bool mfilesame(const struct mfile *f, const struct stat *st);
/* whether ENTRY's file F is as the manifest says */
bool mfileok(const char *entry, const struct mfile *f);
/*
 * ENTRY/.venvmk-pyc-TAG says the entry was compiled for the cache tag TAG, and lists
 * (between PYCHEAD and PYCEND, one a line) the modules that got no .pyc
 */
#define PYCMARKER ".venvmk-pyc-"
#define PYCHEAD "venvmk-pyc 1\n"
#define PYCEND "end\n"
struct strlist;
/* where Python puts the .pyc for tag TAG of the module NAME (a path, relative or not, ending in .py); newly allocated */
char *pycpath(const char *name, const char *tag);
/* the modules of ENTRY with no .pyc for TAG into MISSING: 0, or -1 when its marker does not say (absent, cut short, or empty as older venvmks wrote it) */
int pycmissing(const char *entry, const char *tag, struct strlist *missing);

/* move the damaged ENTRY out of the way (into the cache's tmp dir) and remove it; false when it was gone already */
bool entrydiscard(const char *entry);
