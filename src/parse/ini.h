/* ini.h: one value of an INI file as Python's configparser reads it (the AWS CLI's ~/.aws files); pure. */

/*
 * The value of KEY in section SECTION of the N bytes of TEXT, as configparser reads them:
 * "[SECTION]" headers (the name as written, up to the line's last ']'), "KEY = VALUE" or "KEY: VALUE" with the key in
 * any case, the value trimmed, "#" and ";" lines comments; an indented line belongs to the
 * key above it (a nested table such as "s3 =" in ~/.aws/config) and is never a key. The
 * first value wins. Newly allocated, or NULL; *SEEN is set when the section is there.
 */
char *inivalue(const char *text, size_t n, const char *section, const char *key, bool *seen);
