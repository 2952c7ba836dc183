/* zipdir.h: a zip's central directory read from bytes, for a wheel's METADATA had by HTTP range requests. */

/* where a zip's central directory is in the file */
struct zipdir {
	long long cdoff, cdsize;	/* its offset and size in bytes */
	long long entries;
};

/* one member of the zip, as the central directory gives it */
struct zipentry {
	long long lhoff;		/* its local file header's offset in the file */
	long long csize, usize;		/* compressed and uncompressed sizes */
	unsigned long crc;		/* the CRC-32 of its uncompressed bytes */
	int method;			/* 0 stored, 8 deflate */
};

/*
 * The central directory of a zip of TOTAL bytes, from its last LEN bytes TAIL: the
 * end-of-central-directory record (and ZIP64's locator and record). 0 and ZD set, or -1
 * with WHY set. The directory is in TAIL when ZD->cdoff >= TOTAL - LEN.
 */
int zipdirfind(const unsigned char *tail, size_t len, long long total, struct zipdir *zd, const char **why);
/*
 * The top-level "<name>-<version>.dist-info/METADATA" of the central directory CD (LEN
 * bytes) whose name is PROJECT (PEP 503 normalized); when none is, the only top-level
 * .dist-info/METADATA there is. Stored or deflated only. 0 and E set, or -1 with WHY set.
 */
int zipdirmetadata(const unsigned char *cd, size_t len, const char *project, struct zipentry *e, const char **why);
/* how far past the local file header at P (LEN bytes from it) its data starts: 0 and *OFF set, or -1 with WHY */
int ziplocaldata(const unsigned char *p, size_t len, long long *off, const char **why);
