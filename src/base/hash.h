/* hash.h: SHA-256 through nettle, as hex. */

struct hash;

/* a new running hash */
struct hash *mkhash(void);
void hashadd(struct hash *h, const void *p, size_t n);
/* add S and a newline: fields stay unambiguous */
void hashline(struct hash *h, const char *s);
/* finish into HEX (65 bytes) and free H */
void hashend(struct hash *h, char hex[65]);
/* the hex SHA-256 of N bytes at P */
void hashbytes(const void *p, size_t n, char hex[65]);
/* the hex SHA-256 of the whole file FD, read from its start; 0 or -1 with errno set */
int hashfd(int fd, char hex[65]);
