/* sdist.h: the PKG-INFO of a source distribution (.tar.gz), read from its bytes; pure. */

struct buf;

/*
 * The PKG-INFO at the top of the gzip'd tar archive of the N bytes GZ (NAME-VERSION/PKG-INFO,
 * the first member one directory deep of that name, as ustar, GNU or pax name it) into OUT;
 * 0, or -1 with *WHY saying why (not gzip, a broken tar, no PKG-INFO, one too large).
 */
int sdistpkginfo(const void *gz, size_t n, struct buf *out, const char **why);
