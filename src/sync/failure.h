/* failure.h: why the last sync failed, kept in the state dir for check to say. */

/* remember in STATEDIR why the sync towards fingerprint FP failed (WHY), or forget it (FP NULL) */
void failrecord(const char *statedir, const char *fp, const char *why);
/* why the last sync towards fingerprint FP failed, as STATEDIR remembers it, or NULL; newly allocated */
char *failreason(const char *statedir, const char *fp);
