/* pipconf.h: pip's configuration files as pip install reads them: the keys of [global] and [install]. */

/* the key NAME (N bytes: "--No_Binary") as pip normalizes it ("no-binary") into OUT (SIZE bytes); 0, or -1 when empty or too long */
int pipconfkey(const char *name, size_t n, char *out, size_t size);
/*
 * Call FN(CTX, SECTION, KEY, VALUE) for each key of [global] (SECTION 0) and [install] (1)
 * of pip's configuration file PATH, in order: KEY normalized as pip does ("No_Binary" is
 * "no-binary"), VALUE trimmed, an indented continuation line joined to it with "\n". A file
 * that cannot be read has no keys. Reads the file; starts nothing.
 */
void pipconfeach(const char *path, void (*fn)(void *ctx, int section, const char *key, const char *value), void *ctx);
