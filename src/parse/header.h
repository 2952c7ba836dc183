/* header.h: the RFC 822 headers of a wheel's WHEEL and METADATA files; pure. */

/* the value of field KEY in the RFC 822 header TEXT (WHEEL, METADATA), newly allocated, or NULL */
char *headerfield(const char *text, const char *key);
