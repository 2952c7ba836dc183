/* hash.c: SHA-256 through nettle, which costs nothing to load or start on the no-op path. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <nettle/sha2.h>
#include "base/util.h"
#include "base/hash.h"

struct hash {
	struct sha256_ctx ctx;
};

struct hash *
mkhash(void)
{
	struct hash *h = xmalloc(sizeof(*h));

	sha256_init(&h->ctx);
	return h;
}

void
hashadd(struct hash *h, const void *p, size_t n)
{
	sha256_update(&h->ctx, n, p);
}

void
hashline(struct hash *h, const char *s)
{
	hashadd(h, s, strlen(s));
	hashadd(h, "\n", 1);
}

void
hashend(struct hash *h, char hex[65])
{
	uint8_t md[SHA256_DIGEST_SIZE];
	static const char digits[] = "0123456789abcdef";

	sha256_digest(&h->ctx, sizeof(md), md);
	free(h);
	for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

void
hashbytes(const void *p, size_t n, char hex[65])
{
	struct hash *h = mkhash();

	hashadd(h, p, n);
	hashend(h, hex);
}

int
hashfd(int fd, char hex[65])
{
	char chunk[65536];
	struct hash *h = mkhash();
	ssize_t r;
	int ret = 0;

	if (lseek(fd, 0, SEEK_SET) < 0)
		ret = -1;
	while (ret == 0 && (r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno != EINTR)
				ret = -1;
			continue;
		}
		hashadd(h, chunk, r);
	}
	hashend(h, hex);
	return ret;
}
