/* wheelmeta.h: the METADATA of a wheel file, read from its zip without unpacking it. */

struct buf;

/* append the *.dist-info/METADATA of the wheel file WHEEL to OUT; 0, or -1 (not a wheel, no METADATA; nothing said) */
int wheelmetadata(const char *wheel, struct buf *out);
