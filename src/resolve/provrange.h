/* provrange.h: a wheel's METADATA read by HTTP range requests of its zip, for an index with no metadata file. */

struct provider;
struct pcand;

/* is C a wheel whose METADATA range requests should read: no metadata file, its hash and size known, big, its wheel not wanted anyway? */
bool provrangefits(const struct pcand *c);
/*
 * Read the METADATA of the N candidates C of P together, by range requests: the zip's tail
 * (and central directory) in one batch, then each METADATA member in another. Sets each
 * C's metatext that could be had (a server that ignores ranges sends the whole wheel: it is
 * verified and read); the others are left for the whole wheel's download.
 */
void provrangemeta(struct provider *p, struct pcand **c, size_t n);
