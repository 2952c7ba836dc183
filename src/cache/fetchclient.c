/* fetchclient.c: wheels fetched into the cache by venvmk-fetch, the one program that loads libcurl. */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>
#include "base/util.h"
#include "base/spawn.h"
#include "inputs/netconf.h"
#include "inputs/conf.h"
#include "inputs/interp.h"
#include "inputs/reqfile.h"
#include "inputs/inputs.h"
#include "cache/cache.h"
#include "cache/cacheentry.h"
#include "cache/bytecode.h"
#include "cache/remote.h"
#include "cache/fetchclient.h"

#ifndef PKGLIBEXECDIR
#define PKGLIBEXECDIR "/usr/local/libexec/venvmk"
#endif

char *
wheelfetchprogram(void)
{
	static const char *const nearby[] = { "venvmk-fetch", "../libexec/venvmk/venvmk-fetch" };
	const char *env = getenv("VENVMK_FETCH");
	char self[PATH_MAX];
	ssize_t n;

	if (env && *env)
		return xstrdup(env);
	/* an uninstalled build keeps both programs in src/; an install tree moved or copied,
	 * or installed with make install prefix=DIR, keeps them in bin/ and libexec/venvmk/.
	 * That tree's own helper comes first: the configured path may hold another version's */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		char *dir = pathdir(self);
		for (size_t i = 0; i < sizeof(nearby) / sizeof(nearby[0]); i++) {
			char *p = pathjoin(dir, nearby[i]);
			if (access(p, X_OK) == 0) {
				free(dir);
				return p;
			}
			free(p);
		}
		free(dir);
	}
	return xstrdup(PKGLIBEXECDIR "/venvmk-fetch");
}

static void
option(struct buf *b, const char *name, const char *value)
{
	if (value && *value && !strpbrk(value, "\t\n"))
		bufprintf(b, "option\t%s\t%s\n", name, value);
}

void
fetchoptions(struct buf *in, const struct netconf *nc)
{
	option(in, "cert", nc->cert);
	option(in, "client-cert", nc->clientcert);
	option(in, "proxy", nc->proxy);
	option(in, "timeout", nc->timeout);
	option(in, "retries", nc->retries);
	for (size_t i = 0; i < nc->trusted.n; i++)
		option(in, "trusted-host", nc->trusted.v[i]);
}

char *
fetchauthurl(const struct netconf *nc, const char *url)
{
	char *userinfo = netconfauth(nc, url), *r;
	const char *p = strstr(url, "://");

	if (!userinfo || !p)
		r = xstrdup(url);
	else
		r = xasprintf("%.*s%s@%s", (int)(p + 3 - url), url, userinfo, p + 3);
	free(userinfo);
	return r;
}

/* the venvmk-fetch --serve that runs every batch of this process while it lives (pid -1: none) */
static struct {
	pid_t pid, owner;
	int in;
	FILE *out;
} helper = { -1, 0, -1, NULL };

/* a batch fetchhelpersend gave the helper, whose answer no one has read yet (SENT), or has
 * been read ahead into EARLY (READ) because another batch came first */
static struct {
	bool sent, read;
	int status;
	struct buf early;
} ahead;

/* end the helper: its input closed, it exits; waited for, so nothing of it outlives venvmk
 * (stopped first when it still works on a batch sent ahead: no one wants it now) */
static void
helperstop(void)
{
	if (helper.pid <= 0 || helper.owner != getpid())
		return;
	close(helper.in);
	fclose(helper.out);
	spawnwait(helper.pid, ahead.sent && !ahead.read);
	helper.pid = -1;
	if (ahead.sent && !ahead.read) {
		/* its answer will never come: the batch failed, as far as anyone asks */
		ahead.read = true;
		ahead.status = 1;
		ahead.early.len = 0;
	}
}

void
fetchhelperend(void)
{
	helperstop();
}

/* start the helper PROG for this process unless it runs; 0, or -1 (errno: ENOSYS where it cannot stay) */
static int
helperstart(char *prog)
{
	static bool registered;
	char *argv[] = { prog, "--serve", NULL };
	int in, out;
	pid_t pid;

	if (helper.pid > 0 && helper.owner == getpid())
		return 0;
	helper.pid = -1;	/* a forked child's copy is its parent's */
	if ((pid = spawnpiped(argv, &in, &out)) < 0)
		return -1;
	helper.pid = pid;
	helper.owner = getpid();
	helper.in = in;
	helper.out = fdopen(out, "r");
	if (!helper.out)
		fatal("fdopen:");
	if (!registered)
		atexit(helperstop);
	registered = true;
	return 0;
}

/* the LEN bytes of S to the helper; false when it is gone (SIGPIPE ignored meanwhile) */
static bool
helperwrite(const char *s, size_t len)
{
	struct sigaction ign = {0}, old;
	bool ok = true;

	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	while (len > 0) {
		ssize_t w = write(helper.in, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ok = false;
			break;
		}
		s += w;
		len -= w;
	}
	sigaction(SIGPIPE, &old, NULL);
	return ok;
}

/* the helper's answer to one batch into OUT (unless NULL): its status, or -1 when it ended first */
static int
helperanswer(struct buf *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int status = -1;

	while ((n = getline(&line, &cap, helper.out)) > 0) {
		if (strcmp(line, "\n") == 0) {
			if (getline(&line, &cap, helper.out) > 0)
				status = atoi(line);
			break;
		}
		if (out)
			bufadd(out, line, n);
	}
	free(line);
	return status;
}

/* the helper is gone: its exit status (or 1 when it exited 0 without an answer) */
static int
helpergone(void)
{
	int status;

	close(helper.in);
	fclose(helper.out);
	status = spawnwait(helper.pid, false);
	helper.pid = -1;
	return status == 0 ? 1 : status < 0 ? 1 : status;
}

/* the batch IN (ended here by its run line, FLAGS) through the helper; -2 when it cannot stay */
static int
helperrun(char *const argv[], struct buf *in, const char *flags, struct buf *out)
{
	size_t out0 = out ? out->len : 0;

	bufprintf(in, "run\t%s\n", flags);
	for (int tries = 0; tries < 2; tries++) {
		if (helperstart(argv[0]) < 0)
			return errno == ENOSYS ? -2 : -1;
		if (tries == 0)
			spawntrace(argv);	/* a line a batch, as when each was a run of its own */
		spawnforward(helper.pid);
		bool sent = helperwrite(in->s, in->len);
		int status = sent ? helperanswer(out) : -1;
		spawnunforward();
		if (status >= 0)
			return status;
		status = helpergone();
		/* one that died before it read this batch (between two) is started again */
		if (sent || spawnsignal())
			return status;
		if (out)
			out->len = out0;
	}
	return 1;
}

/* free IN, which held credentials: none left in memory that outlives it */
static void
wipe(struct buf *in)
{
	if (in->s)
		memset(in->s, 0, in->cap ? in->cap : in->len);
	free(in->s);
	in->s = NULL;
	in->len = 0;
}

/* the answer to the batch sent ahead, read now if it was not: its status into AHEAD */
static void
readahead(void)
{
	if (!ahead.sent || ahead.read)
		return;
	spawnforward(helper.pid);
	ahead.status = helperanswer(&ahead.early);
	spawnunforward();
	if (ahead.status < 0)
		ahead.status = helpergone();
	ahead.read = true;
}

int
fetchhelpersend(struct buf *in, bool verbose)
{
	char *prog = wheelfetchprogram();
	char *argv[] = { prog, verbose ? "-v" : "-qq", NULL };
	int ret = -1;

	readahead();
	if (ahead.sent || helperstart(prog) < 0)
		goto out;
	bufprintf(in, "run\t%s\n", verbose ? "v" : "qs");
	spawntrace(argv);
	if (!helperwrite(in->s, in->len)) {
		helpergone();
		goto out;
	}
	ahead.sent = true;
	ahead.read = false;
	ahead.early.len = 0;
	ret = 0;
out:
	wipe(in);
	free(prog);
	return ret;
}

int
fetchhelperjoin(struct buf *out)
{
	if (!ahead.sent)
		return -1;
	readahead();
	int status = ahead.status;
	if (ahead.early.len)
		bufadd(out, ahead.early.s, ahead.early.len);
	free(ahead.early.s);
	memset(&ahead, 0, sizeof(ahead));
	return status;
}

int
fetchhelperrun(struct buf *in, const char *label, int quiet, bool verbose, struct buf *out)
{
	char *prog = wheelfetchprogram();
	bool progress = !quiet && !out && isatty(2);
	char *argv[] = { prog, quiet > 1 ? "-qq" : quiet ? "-q" : verbose ? "-v" : "", progress ? "--progress" : "", NULL };
	const char *flags = quiet > 1 ? "qs" : quiet ? "q" : verbose ? (progress ? "vp" : "v") : progress ? "p" : "-";
	/* empty words would read as operands: drop them */
	char *args[4];
	size_t na = 0;
	int status;

	for (size_t i = 0; argv[i]; i++)
		if (*argv[i])
			args[na++] = argv[i];
	args[na] = NULL;
	readahead();	/* the answers come in order: the one sent ahead first */
	status = helperrun(args, in, flags, out);
	if (status == -2) {
		/* no helper that may stay: one run for this batch, as its argv says (its run line dropped) */
		in->len -= strlen(flags) + 5;
		status = spawnrunin(args, in->s, in->len, out);
	}
	if (status < 0)
		warn("%s: cannot run %s:", label, prog);
	wipe(in);
	free(prog);
	return status;
}

int
wheelfetchrun(const struct netconf *nc, struct dlitem *items, size_t n, const char *dir,
    const char *label, int quiet, bool verbose)
{
	struct buf in = {0};
	int status, ret;

	fetchoptions(&in, nc);
	for (size_t i = 0; i < n; i++) {
		struct dlitem *it = &items[i];
		char *url = fetchauthurl(nc, it->url);
		char size[32] = "-";
		if (it->size >= 0)
			snprintf(size, sizeof(size), "%lld", it->size);
		free(it->path);
		if (!it->hash) {
			/* an index page (lockfind.c): no hash names it; NAME is its file in DIR, SIZE unused */
			it->path = pathjoin(dir, it->name);
			bufprintf(&in, "page\t%s\t%s\t%s\n", url, it->path, PAGEACCEPT);
			free(url);
			continue;
		}
		/* in a dir named by the hash: two wheels of one name from two indexes stay apart */
		char *sub = xasprintf("%s/%.16s", dir, it->hash + 7);
		if (mkdirs(sub, 0755) < 0)
			warn("%s: mkdir %s:", label, sub);	/* the helper will say it cannot write there */
		it->path = pathjoin(sub, it->name);
		free(sub);
		bufprintf(&in, "get\t%s\t%s\t%s\t%s\t%s\n", url, it->hash + 7, size, it->path, it->name);
		free(url);
	}
	status = fetchhelperrun(&in, label, quiet, verbose, NULL);
	/* 3: a file is not the one its index names, which the helper's lines said (unless QUIET is 2) */
	if (status > 0 && status != 3 && !spawnsignal() && quiet < 2)
		warn("%s: downloading wheels failed", label);
	ret = status == 0 ? 0 : status == 3 ? -2 : -1;
	return ret;
}

int
wheelfetchlock(const char *cache, const char *label, bool quiet)
{
	char *path = pathjoin(cache, "fetch.lock");
	int fd;

	if (mkdirs(cache, 0777) < 0 || (fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666)) < 0) {
		warn("%s: %s:", label, path);
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (!quiet)
			note("%s: waiting for another venvmk's downloads", label);
		while (flock(fd, LOCK_EX) < 0)
			if (errno != EINTR) {
				warn("%s: lock %s:", label, path);
				close(fd);
				free(path);
				return -1;
			}
	}
	free(path);
	return fd;
}

/* is the wheel of HASH ("sha256=HEX") unpacked whole in CACHE? */
bool
wheelcached(const char *cache, const char *hash)
{
	char *m = xasprintf("%s/wheels/%s/%s", cache, strncmp(hash, "sha256=", 7) == 0 ? hash + 7 : hash, MANIFEST);
	bool there = access(m, F_OK) == 0;

	free(m);
	return there;
}

/* IT's file as an earlier fetch of this sync left it in DIR, verified (wheelfetchrun's
 * place for it), or NULL */
static char *
fetchedbefore(const char *dir, const struct dlitem *it)
{
	char *path;

	if (!it->hash || strncmp(it->hash, "sha256=", 7) != 0 || !it->name || strchr(it->name, '/'))
		return NULL;
	path = xasprintf("%s/%.16s/%s", dir, it->hash + 7, it->name);
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return NULL;
}

int
wheelfetchmissing(struct dlitem *items, size_t n, struct sync *s, int quiet)
{
	const char *label = envlabel(s->e), *cache = s->cache;
	struct dlitem *todo = xmalloc((n + 1) * sizeof(*todo));
	size_t *which = xmalloc((n + 1) * sizeof(*which)), m = 0;
	int lockfd = -1, ret = -1;

	for (size_t i = 0; i < n; i++)
		if (!wheelcached(cache, items[i].hash))
			which[m++] = i;
	if (m > 0 && (lockfd = wheelfetchlock(cache, label, quiet)) < 0)
		goto out;
	/* what another venvmk fetched while this one waited is there now */
	size_t k2 = 0;
	for (size_t k = 0; k < m; k++)
		if (!wheelcached(cache, items[which[k]].hash))
			which[k2++] = which[k];
	m = k2;
	if (m == 0) {
		ret = 0;
		goto out;
	}
	if (!s->tmp && !(s->tmp = cachetmpdir(cache)))
		goto out;
	for (size_t k = 0; k < m; k++)
		todo[k] = items[which[k]];
	/* fetched by this sync's resolver already (a version pinned with ==); a remote cache
	 * holds wheels by their sha256: what it has needs no index */
	for (size_t k = 0; k < m; k++)
		if (!todo[k].path)
			todo[k].path = fetchedbefore(s->tmp, &todo[k]);
	remotefetch(s, todo, m);
	size_t rest = 0;
	for (size_t k = 0; k < m; k++)
		rest += !todo[k].path;
	int got = 0;
	if (rest > 0) {
		struct dlitem *fromindex = xmalloc((rest + 1) * sizeof(*fromindex));
		size_t *at = xmalloc((rest + 1) * sizeof(*at)), r = 0;
		for (size_t k = 0; k < m; k++)
			if (!todo[k].path) {
				fromindex[r] = todo[k];
				at[r++] = k;
			}
		struct netconf nc;
		netconfread(&nc, s->e, &s->x->pipconf, &s->x->rs.lines);
		got = wheelfetchrun(&nc, fromindex, r, s->tmp, label, quiet, s->verbose);
		netconfclear(&nc);
		for (size_t j = 0; j < r; j++)
			todo[at[j]].path = fromindex[j].path;
		free(fromindex);
		free(at);
	}
	char **wheels = xmalloc((m + 1) * sizeof(*wheels)), **hashes = xmalloc((m + 1) * sizeof(*hashes));
	for (size_t k = 0; k < m; k++) {
		items[which[k]].path = todo[k].path;
		wheels[k] = todo[k].path;
		hashes[k] = (char *)todo[k].hash;
	}
	/* unpacked while the lock is held: a project syncing beside this one waits, then finds them */
	if (got == 0 && (ret = bytecodeprepare(cache, &s->x->in, wheels, hashes, m)) == 0)
		remotekeep(s, wheels, hashes, m);
	free(wheels);
	free(hashes);
out:
	if (lockfd >= 0)
		close(lockfd);
	free(todo);
	free(which);
	return ret;
}
