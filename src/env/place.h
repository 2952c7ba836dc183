/* place.h: cache files put into an env: cloned, hard-linked or copied, as the two filesystems allow. */

struct sync;

/* the file in an env that records how its files came from the cache */
#define PLACERECORD ".venvmk-link"

/* one sync's way of putting files from one cache into one env, and what it did */
struct placer {
	enum linkmode want;	/* the env's link-mode */
	enum linkmode mode;	/* what the filesystems allow; LINK_AUTO until the first file asks */
	char *cache, *prefix;	/* the cache dir and the env, absolute */
	size_t n[4];		/* files placed, by the enum linkmode that placed them */
	bool reprobed;		/* the remembered answer proved wrong and was probed again */
	/* two processes placing one batch of wheels share its dirs (see placeclaim) */
	unsigned share;		/* 0: this process places every file; else how many processes share them */
	unsigned slot;		/* this process's share: share 0 also writes all the rest */
	size_t *claims;		/* shared by them: the next dir of each wheel of the batch to take */
	size_t job;		/* the batch's wheel being placed */
	/* a recreate carries over the files of the env it replaces that are that env's own
	 * (clones, copies) and as venvmk placed them from the same cache entry (placeentry) */
	char *kept;		/* the env kept aside by the sync (struct sync), when its record allows; else NULL */
	enum linkmode keptmode;	/* how its files came: only files placed the same way are carried */
	struct timespec since;	/* files of KEPT changed before this time are as placed */
	struct strlist from;	/* the cache entries KEPT's record says its files came from */
	bool carrying;		/* the entry being placed is one of FROM */
	struct strlist entries;	/* the cache entries this placer placed files from */
	size_t carried;		/* files carried over */
};

/* a placer from the cache CACHE into the env PREFIX for link-mode WANT (which carries
 * files over from the env PREFIX was when the sync S kept it aside: carrysetup; S may be
 * NULL); free with delplacer */
struct placer *mkplacer(const char *cache, const char *prefix, enum linkmode want, const struct sync *s);
/* add what P placed to PREFIX/.venvmk-link (when it placed anything), then free P; accepts NULL */
void delplacer(struct placer *p);
/*
 * What the filesystems of the dir CACHE and the dir DIR allow: LINK_CLONE (FICLONE
 * works), LINK_HARDLINK or LINK_COPY. Tried once per pair of filesystems and kept
 * in CACHE/linkmode/<cache st_dev>-<dir st_dev>. Returns the mode, or -1 after warn().
 */
int placeprobe(const char *cache, const char *dir);
/* the mode P places files in (probed now if P says auto and no file asked yet); hard links for NULL; -1 after warn() */
int placemode(struct placer *p);
/*
 * Put the cache file SRC at DEST (mode 0755 with EXEC, else 0644, where not a hard
 * link) as P says: a clone or a copy is the env's own file (a module with SRC's mtime,
 * which its .pyc records); a file that cannot be cloned or linked is copied. NULL P
 * hard-links. SRC is first checked to be as the manifest's WANT says, unless NULL.
 * Returns 0, 1 when SRC vanished or is not as WANT says, or -1 after warn().
 */
struct mfile;
int placefile(struct placer *p, const char *src, const char *dest, bool exec, const struct mfile *want);
/*
 * Files of the cache entry ENTRY come next (P may be NULL): P carries those it may
 * over from the kept env (placecarry), and records ENTRY as placed from
 */
void placeentry(struct placer *p, const char *entry);
/* a file of the entry will be placed at DEST (by this process or the other): P notes it, to tell one placed twice */
void placeplan(struct placer *p, const char *dest);
/*
 * placefile, where the kept env's file at DEST's place is linked instead when it is
 * that env's own (a clone or copy: no other link), as P placed it from the same entry
 * (its size; a module's mtime; its mode and owner) and unchanged since (its ctime)
 */
int placecarry(struct placer *p, const char *src, const char *dest, bool exec, const struct mfile *want);
/*
 * placefile for a file Python only ever replaces whole (a .pyc), never writes in place:
 * hard-linked where P clones (it is shared safely, and a link costs no inode); else as placefile.
 */
int placeshared(struct placer *p, const char *src, const char *dest);
/*
 * The next of the N dirs of the wheel P->job for this process to place (all of a dir's
 * files: a filesystem may allocate one dir's inodes under one lock, XFS its allocation
 * group's), or N when none is left: in turn from *NEXT when P shares nothing (or is NULL),
 * else whichever the other process did not take first.
 */
size_t placeclaim(struct placer *p, size_t *next, size_t n);
/* whether this process only places its share of the files, the process of share 0 writing the rest */
bool placeronly(const struct placer *p);
/*
 * What the env DIR's record says: the mode used into *MODE (the one most files got
 * when none got the mode the filesystems allowed), the files of each mode into N, in
 * X (unless NULL) how many files were placed over another ([0]) and carried over ([1]),
 * and in FROM (unless NULL) the cache entries its files came from. Returns 0, or -1
 * when DIR has no record.
 */
int placerecord(const char *dir, enum linkmode *mode, size_t n[4], size_t x[2], struct strlist *from);
/* for show: how files come into the env DIR for link-mode WANT, or came as its record says (newly allocated) */
char *placesummary(const char *dir, enum linkmode want);
