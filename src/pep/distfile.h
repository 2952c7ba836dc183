/* distfile.h: the file names of distributions (wheels and sdists): which project and version they hold; pure. */

/* does the file name FNAME (a wheel, or an sdist .tar.gz, .zip, .tar.bz2, .tgz) hold the project CANON (PEP 503 normalized) at VERSION (equal as PEP 440 versions)? */
bool distfilematch(const char *fname, const char *canon, const char *version);
