/* hash.c: SHA-256 through libcrypto's EVP interface. */
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "util.h"
#include "hash.h"

struct hash {
	EVP_MD_CTX *ctx;
};

struct hash *
mkhash(void)
{
	struct hash *h = xmalloc(sizeof(*h));

	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || !EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL))
		fatal("SHA-256 is not available from libcrypto");
	return h;
}

void
hashadd(struct hash *h, const void *p, size_t n)
{
	EVP_DigestUpdate(h->ctx, p, n);
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
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	static const char digits[] = "0123456789abcdef";

	EVP_DigestFinal_ex(h->ctx, md, &n);
	EVP_MD_CTX_free(h->ctx);
	free(h);
	for (unsigned i = 0; i < 32; i++) {
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
