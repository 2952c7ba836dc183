/* toml.h: a TOML 1.0 reader into the small tree of tomltree.h; pure (no I/O beyond the bytes given). */

/*
 * Parse the LEN bytes of TEXT, named FILE in messages. Returns the root table, or
 * NULL after warn("FILE:LINE:COL: message").
 */
struct toml *tomlparse(const char *text, size_t len, const char *file);
