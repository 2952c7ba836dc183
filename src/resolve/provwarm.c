/* provwarm.c: the provider's look ahead, before the solver starts. The solver meets
 * packages one at a time, and each new name it meets would cost a round trip for its page
 * and another for its metadata. Instead, level by level: the pages of every name known,
 * in one batch; the metadata of the version each name most likely gets (the newest that
 * fits the first requirement naming it, the constraints and this Python), in one batch;
 * then the names those versions need here (markers hold, the named extras' too). The
 * version below each guess has its metadata fetched in the same batch: it is what the
 * solver tries when the guess does not fit, and a metadata file is small. A guess
 * the solver does not take costs a request, never a wrong answer: the solver asks for what
 * it lacks as before. */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "inputs/netconf.h"
#include "parse/coremeta.h"
#include "pep/version.h"
#include "pep/spec.h"
#include "pep/dep.h"
#include "pep/marker.h"
#include "pep/tags.h"
#include "resolve/provider.h"
#include "resolve/provpriv.h"

enum { WARMLEVELS = 32 };	/* deeper than any real tree; the solver goes on from there */

/* a name met: the requirement that named it first, the extras asked of it, and the guess */
struct want {
	struct dep d;
	struct strlist extras;	/* normalized, every requirement's */
	struct specset *specs;	/* every requirement's specifiers (D's first) */
	size_t nspecs;
	bool paged;		/* its pages asked for */
	bool guessed;
	struct pcand *guess;	/* the candidate fetched ahead, or NULL */
	size_t expanded;	/* 0: not yet; else 1 + how many of EXTRAS were followed */
};

struct warm {
	struct provider *p;
	struct want *w;
	size_t n;
	const struct strlist *cons;
	bool pre;
	struct version py;	/* the target Python */
	bool pyok;
};

/* whether V fits every requirement on W met so far and the constraints */
static bool
fitsv(const struct warm *wm, const struct want *w, const struct version *v)
{
	int flags = wm->pre ? SPECPRE : 0;
	bool ok = specmatch(&w->d.spec, v, flags);
	const char *why;

	for (size_t k = 0; ok && k < w->nspecs; k++)
		ok = specmatch(&w->specs[k], v, flags);
	for (size_t i = 0; ok && wm->cons && i < wm->cons->n; i++) {
		struct dep d;
		if (depparse(&d, wm->cons->v[i], &why) < 0)
			continue;
		if (strcmp(d.canon, w->d.canon) == 0 && d.spec.n)
			ok = specmatch(&d.spec, v, SPECPRE);
		depclear(&d);
	}
	return ok;
}

/* whether the candidate C fits every requirement on W met so far */
static bool
fitsall(const struct warm *wm, const struct want *w, const struct pcand *c)
{
	struct version v;
	const char *why;
	bool ok;

	if (versionparse(&v, c->version, &why) < 0)
		return true;
	ok = fitsv(wm, w, &v);
	versionclear(&v);
	return ok;
}

/* note the requirement REQ (its marker already holds); true when it added something to follow */
static bool
wantadd(struct warm *wm, const char *req)
{
	struct dep d;
	struct buf b = {0};
	const char *why;
	size_t i;
	bool added = false, stored = false;

	if (depparse(&d, req, &why) < 0)
		return false;
	if (d.url) {	/* the solver says what it makes of it */
		depclear(&d);
		return false;
	}
	for (i = 0; i < wm->n && strcmp(wm->w[i].d.canon, d.canon) != 0; i++)
		;
	if (i == wm->n) {	/* W keeps D */
		wm->w = xrealloc(wm->w, (wm->n + 1) * sizeof(*wm->w));
		memset(&wm->w[wm->n], 0, sizeof(*wm->w));
		wm->w[wm->n++].d = d;
		added = stored = true;
	}
	if (!stored && d.spec.n) {	/* a narrower range: guess again if the guess is out of it */
		struct want *w = &wm->w[i];
		w->specs = xrealloc(w->specs, (w->nspecs + 1) * sizeof(*w->specs));
		w->specs[w->nspecs++] = d.spec;
		memset(&d.spec, 0, sizeof(d.spec));
		if (w->guessed && w->guess && !fitsall(wm, w, w->guess)) {
			w->guessed = false;
			w->guess = NULL;
			w->expanded = 0;
			added = true;
		}
	}
	for (size_t k = 0; k < d.extras.n; k++) {	/* D's strings are W's when stored: still readable */
		bufreset(&b);
		depnormname(d.extras.v[k], &b);
		if (b.s && strlistfind(&wm->w[i].extras, b.s) < 0) {
			strlistpush(&wm->w[i].extras, xstrdup(b.s));
			added = true;
		}
	}
	if (!stored)
		depclear(&d);
	free(b.s);
	return added;
}

/* whether the Requires-Python RP admits WM's Python (yes when unknown or unreadable) */
static bool
pyfits(const struct warm *wm, const char *rp)
{
	struct specset ss;
	const char *why;
	bool ok = true;

	if (!rp || !wm->pyok || specparse(&ss, rp, &why) < 0)
		return true;
	ok = specmatch(&ss, &wm->py, SPECPRE);
	specclear(&ss);
	return ok;
}

/* W's most likely candidate: the newest not yanked that fits its requirements so far, the
 * constraints and the Python, and older than BELOW unless NULL; NULL when none */
static struct pcand *
guess(struct warm *wm, struct want *w, const struct pcand *below)
{
	struct pcand **pc, *best = NULL;
	struct version bv = {0}, cap;
	const char *why;
	size_t n;

	if (below && versionparse(&cap, below->version, &why) < 0)
		return NULL;

	if (provcands(wm->p, provproj(wm->p, w->d.canon), &pc, &n) < 0)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		struct version v;
		if (pc[i]->yanked || versionparse(&v, pc[i]->version, &why) < 0)
			continue;
		if (fitsv(wm, w, &v) && pyfits(wm, pc[i]->requirespython) && (!below || versioncmp(&v, &cap) < 0)
		    && (!best || versioncmp(&v, &bv) > 0)) {
			versionclear(&bv);
			bv = v;
			best = pc[i];
		} else {
			versionclear(&v);
		}
	}
	versionclear(&bv);
	if (below) {
		versionclear(&cap);
		return best;
	}
	/* pinned with ==: the one version the solver can take, and the install needs its wheel,
	 * which holds its metadata too */
	if (best && !wm->p->s->resolveonly && w->d.spec.n == 1 && w->d.spec.v[0].op == SPEC_EQ
	    && !w->d.spec.v[0].wildcard && w->nspecs == 0)
		best->fetchwheel = true;
	return best;
}

/* follow W's guess: the requirements its metadata names that hold here, for the base and each extra not yet followed; true when a name or extra was added */
static bool
expand(struct warm *wm, size_t wi)
{
	struct coremeta m;
	struct want *w = &wm->w[wi];
	struct strlist reqs = {0};
	bool added = false;

	if (!w->guess || !w->guess->metatext || w->expanded == 1 + w->extras.n || wm->p->nodeps)
		return false;
	if (coremetaparse(&m, w->guess->metatext, strlen(w->guess->metatext)) < 0) {
		w->expanded = 1 + w->extras.n;
		return false;
	}
	for (size_t e = w->expanded; e <= w->extras.n; e++) {
		const char *extra = e ? w->extras.v[e - 1] : NULL;
		for (size_t i = 0; i < m.requiresdist.n; i++) {
			struct dep d;
			const char *why;
			if (depparse(&d, m.requiresdist.v[i], &why) < 0)
				continue;
			if (!d.marker || markereval(d.marker, &wm->p->me, extra, NULL, NULL, &why) == 1)
				strlistadd(&reqs, m.requiresdist.v[i]);
			depclear(&d);
		}
	}
	w->expanded = 1 + w->extras.n;
	coremetaclear(&m);
	for (size_t i = 0; i < reqs.n; i++)
		added |= wantadd(wm, reqs.v[i]);	/* may move wm->w */
	strlistclear(&reqs);
	free(reqs.v);
	return added;
}

/* one level: the pages of the names not yet asked, the metadata of the guesses not yet made; -1 when no page could be had */
static int
level(struct warm *wm)
{
	bool pages = false, meta = false;

	for (size_t i = 0; i < wm->n; i++)
		if (!wm->w[i].paged) {
			wm->w[i].paged = true;
			struct pproj *j = provproj(wm->p, wm->w[i].d.canon);
			pages |= !j->fetched;
			j->queued = true;
		}
	if (pages && provfetchpages(wm->p) < 0)
		return -1;
	for (size_t i = 0; i < wm->n; i++) {
		struct want *w = &wm->w[i];
		if (w->guessed)
			continue;
		w->guessed = true;
		if ((w->guess = guess(wm, w, NULL)) && !w->guess->metatext && w->guess->wheel) {
			provqueue(wm->p, w->guess);
			meta = true;
		}
		/* and the version below it, in the same batch: what the solver tries next when
		 * the guess does not fit (its metadata file is small; a round trip is not; a wheel
		 * that would have to come whole is not fetched on a guess's guess) */
		struct pcand *next = w->guess && !w->guess->fetchwheel ? guess(wm, w, w->guess) : NULL;
		if (next && !next->metatext && next->wheel && next->meta) {
			provqueue(wm->p, next);
			meta = true;
		}
	}
	return meta ? provfetchmeta(wm->p) : 0;
}

int
providerwarm(struct provider *p, const struct strlist *reqs, const struct strlist *cons, const char *python, bool pre)
{
	struct warm wm = { p, NULL, 0, cons, pre, {0}, false };
	const char *why;
	int ret = 0;

	wm.pyok = python && versionparse(&wm.py, python, &why) == 0;
	for (size_t i = 0; i < reqs->n; i++) {
		struct dep d;
		if (depparse(&d, reqs->v[i], &why) == 0
		    && (!d.marker || markereval(d.marker, &p->me, NULL, NULL, NULL, &why) == 1))
			wantadd(&wm, reqs->v[i]);
		depclear(&d);
	}
	for (int lv = 0; lv < WARMLEVELS && ret == 0; lv++) {
		bool more = false;
		if ((ret = level(&wm)) < 0)
			break;
		for (size_t i = 0; i < wm.n; i++)
			more |= expand(&wm, i);
		if (!more)
			break;
	}
	for (size_t i = 0; i < wm.n; i++) {
		depclear(&wm.w[i].d);
		strlistclear(&wm.w[i].extras);
		free(wm.w[i].extras.v);
		for (size_t k = 0; k < wm.w[i].nspecs; k++)
			specclear(&wm.w[i].specs[k]);
		free(wm.w[i].specs);
	}
	free(wm.w);
	if (wm.pyok)
		versionclear(&wm.py);
	return ret;
}
