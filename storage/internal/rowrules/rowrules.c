// The functions of rowrules.go, in C: each runs once for a value of every
// row of a checked file, where an expression of SQLite's own functions
// costs about a microsecond.

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "rowrules.h"

// The declarations of SQLite's interface these functions use, as
// sqlite3.h gives them; the definitions are those of the SQLite that
// github.com/mattn/go-sqlite3 compiles into the program.
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef struct sqlite3_api_routines sqlite3_api_routines;
typedef struct sqlite3_stmt sqlite3_stmt;

#define SQLITE_OK 0
#define SQLITE_ROW 100
#define SQLITE_DONE 101
#define SQLITE_INTEGER 1
#define SQLITE_FLOAT 2
#define SQLITE_TEXT 3
#define SQLITE_BLOB 4
#define SQLITE_NULL 5
#define SQLITE_UTF8 1
#define SQLITE_DETERMINISTIC 0x000000800
#define SQLITE_INNOCUOUS 0x000200000
#define SQLITE_DIRECTONLY 0x000080000
#define SQLITE_TRANSIENT ((void (*)(void *)) - 1)

#define SQLITE_CONFIG_MEMSTATUS 9

int sqlite3_config(int, ...);
int sqlite3_auto_extension(void (*xEntryPoint)(void));
int sqlite3_create_function_v2(sqlite3 *db, const char *zFunctionName, int nArg, int eTextRep, void *pApp,
	void (*xFunc)(sqlite3_context *, int, sqlite3_value **),
	void (*xStep)(sqlite3_context *, int, sqlite3_value **),
	void (*xFinal)(sqlite3_context *), void (*xDestroy)(void *));
int sqlite3_value_type(sqlite3_value *);
long long sqlite3_value_int64(sqlite3_value *);
void *sqlite3_aggregate_context(sqlite3_context *, int nBytes);
void *sqlite3_realloc64(void *, unsigned long long);
void sqlite3_free(void *);
void sqlite3_randomness(int N, void *P);
void sqlite3_result_text(sqlite3_context *, const char *, int, void (*)(void *));
int sqlite3_value_bytes(sqlite3_value *);
const unsigned char *sqlite3_value_text(sqlite3_value *);
void sqlite3_result_int(sqlite3_context *, int);
void sqlite3_result_null(sqlite3_context *);
void sqlite3_result_error(sqlite3_context *, const char *, int);
void sqlite3_result_error_nomem(sqlite3_context *);
void sqlite3_result_error_code(sqlite3_context *, int);
sqlite3 *sqlite3_context_db_handle(sqlite3_context *);
int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte, sqlite3_stmt **ppStmt, const char **pzTail);
int sqlite3_step(sqlite3_stmt *);
int sqlite3_finalize(sqlite3_stmt *);
int sqlite3_column_type(sqlite3_stmt *, int iCol);
const unsigned char *sqlite3_column_text(sqlite3_stmt *, int iCol);
int sqlite3_column_bytes(sqlite3_stmt *, int iCol);
long long sqlite3_column_int64(sqlite3_stmt *, int iCol);
const char *sqlite3_errmsg(sqlite3 *);

// The stored form of a time: 2006-01-02T15:04:05.000000Z, where 9 stands
// for a digit.
static const char timeForm[] = "9999-99-99T99:99:99.999999Z";

static int isDigit(unsigned char c) { return c >= '0' && c <= '9'; }

static int num(const unsigned char *s, int n) {
	int v = 0;
	for (int i = 0; i < n; i++) {
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

// daysIn is the number of days of a month of the proleptic Gregorian
// calendar, as SQLite's date() counts them.
static int daysIn(int year, int month) {
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (month == 2 && (year % 4 == 0 && year % 100 != 0 || year % 400 == 0)) {
		return 29;
	}
	return days[month - 1];
}

// badTime is gloss_bad_time(value, horizon): 0 when value is text of
// exactly the stored form of a time, in the years 1 to 9999, on a day its
// month has, at an hour, minute and second of the clock, and no later than
// horizon (compared as text, as SQLite compares them); 1 otherwise, NULL
// included.
static void badTime(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	if (sqlite3_value_type(argv[1]) != SQLITE_TEXT) {
		sqlite3_result_error(ctx, "gloss_bad_time: the horizon is not text", -1);
		return;
	}
	if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
		sqlite3_result_int(ctx, 1);
		return;
	}
	const unsigned char *s = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	const unsigned char *h = sqlite3_value_text(argv[1]);
	int hn = sqlite3_value_bytes(argv[1]);
	if (s == 0 || h == 0) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (n != (int)sizeof timeForm - 1) {
		sqlite3_result_int(ctx, 1);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (timeForm[i] == '9' ? !isDigit(s[i]) : s[i] != (unsigned char)timeForm[i]) {
			sqlite3_result_int(ctx, 1);
			return;
		}
	}
	int year = num(s, 4), month = num(s + 5, 2), day = num(s + 8, 2);
	if (year == 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) ||
		num(s + 11, 2) > 23 || num(s + 14, 2) > 59 || num(s + 17, 2) > 59) {
		sqlite3_result_int(ctx, 1);
		return;
	}
	int m = n < hn ? n : hn;
	int c = memcmp(s, h, m);
	sqlite3_result_int(ctx, c > 0 || c == 0 && n > hn);
}

// badID is gloss_bad_id(value): 0 when value is a UUID in canonical
// lower-case form, as value GLOB '[0-9a-f]{8}-…' finds it (text, or a
// blob of such text); NULL for NULL, as the GLOB gives; 1 otherwise. Unlike
// the GLOB, which stops at a NUL, it holds the whole value to the form.
static void badID(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	switch (sqlite3_value_type(argv[0])) {
	case SQLITE_NULL:
		sqlite3_result_null(ctx);
		return;
	case SQLITE_TEXT:
	case SQLITE_BLOB:
		break;
	default: // a number's text has no dash between digits
		sqlite3_result_int(ctx, 1);
		return;
	}
	const unsigned char *s = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	if (s == 0 && n > 0) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (n != 36) {
		sqlite3_result_int(ctx, 1);
		return;
	}
	for (int i = 0; i < n; i++) {
		unsigned char c = s[i];
		int ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : isDigit(c) || c >= 'a' && c <= 'f';
		if (!ok) {
			sqlite3_result_int(ctx, 1);
			return;
		}
	}
	sqlite3_result_int(ctx, 0);
}

// gloss_compare_spans(side, tag_id, document_id, start_offset, end_offset,
// passage_id, author_id) is an aggregate that compares two multisets of
// rows, side 1 (rows of tag_spans) and side 0 (live tag applications), as
// grouping the rows of both by all six columns would: rows alike in every
// column are a group. Its value is the text "missing extra same": the rows
// of side 0 in groups with none of side 1, the groups with none of side 0,
// and 1 when every group holds one row of each side, else 0. It is NULL
// when a value is neither text nor an integer (a group's likeness then
// depends on SQLite's comparison of other types, which the caller then
// asks SQLite for). Rows are held in a hash table of their exact bytes, so
// the answer never depends on the hash.
typedef struct spanEntry {
	uint64_t hash, off;
	uint32_t len, side1, side0;
} spanEntry;

typedef struct spanTable {
	spanEntry *slots;
	uint64_t cap, n, seed;
	unsigned char *keys;
	uint64_t keysLen, keysCap;
	int other; // a value of another type was seen
	int failed; // memory ran out
} spanTable;

static uint64_t mix(uint64_t h, uint64_t v) {
	h ^= v;
	h *= 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static uint64_t hashBytes(uint64_t seed, const unsigned char *p, uint64_t n) {
	uint64_t h = seed ^ n;
	while (n >= 8) {
		uint64_t v;
		memcpy(&v, p, 8);
		h = mix(h, v);
		p += 8;
		n -= 8;
	}
	uint64_t v = 0;
	memcpy(&v, p, n);
	return mix(mix(h, v), n);
}

static int reserve(spanTable *t, uint64_t more) {
	if (t->keysLen + more <= t->keysCap) {
		return 1;
	}
	uint64_t c = t->keysCap ? t->keysCap * 2 : 1 << 16;
	while (c < t->keysLen + more) {
		c *= 2;
	}
	unsigned char *k = sqlite3_realloc64(t->keys, c);
	if (k == 0) {
		return 0;
	}
	t->keys = k;
	t->keysCap = c;
	return 1;
}

static int grow(spanTable *t) {
	uint64_t cap = t->cap ? t->cap * 2 : 1 << 12;
	spanEntry *slots = sqlite3_realloc64(0, cap * sizeof(spanEntry));
	if (slots == 0) {
		return 0;
	}
	memset(slots, 0, cap * sizeof(spanEntry));
	for (uint64_t i = 0; i < t->cap; i++) {
		spanEntry *e = &t->slots[i];
		if (e->len == 0) {
			continue;
		}
		uint64_t j = e->hash & (cap - 1);
		while (slots[j].len != 0) {
			j = (j + 1) & (cap - 1);
		}
		slots[j] = *e;
	}
	sqlite3_free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 1;
}

// keyInteger and keyText append a value to the row's key being built:
// a type byte, then the integer's eight bytes or the text's length and
// bytes. 0 when memory ran out.
static int keyInteger(spanTable *t, long long v) {
	if (!reserve(t, 9)) {
		return 0;
	}
	t->keys[t->keysLen++] = 'i';
	memcpy(t->keys + t->keysLen, &v, 8);
	t->keysLen += 8;
	return 1;
}

static int keyText(spanTable *t, const unsigned char *s, uint32_t n) {
	if (s == 0 && n > 0 || !reserve(t, 5 + (uint64_t)n)) {
		return 0;
	}
	t->keys[t->keysLen++] = 't';
	memcpy(t->keys + t->keysLen, &n, 4);
	if (n > 0) {
		memcpy(t->keys + t->keysLen + 4, s, n);
	}
	t->keysLen += 4 + (uint64_t)n;
	return 1;
}

static void seedTable(spanTable *t) {
	if (t->seed == 0) {
		sqlite3_randomness(sizeof t->seed, &t->seed);
		t->seed |= 1;
	}
}

// insertKey counts the row of the key of len bytes at off, of hash h, on
// side 1 or side 0. A key the table lacks is moved to *w, where the
// table's keys end, and *w moved past it; one it holds is dropped. The
// table has room for one more.
static void insertKey(spanTable *t, uint64_t off, uint64_t len, uint64_t h, int side1, uint64_t *w) {
	uint64_t j = h & (t->cap - 1);
	for (;;) {
		spanEntry *e = &t->slots[j];
		if (e->len == 0) {
			if (*w != off) {
				memmove(t->keys + *w, t->keys + off, len);
			}
			e->hash = h;
			e->off = *w;
			e->len = (uint32_t)len;
			*w += len;
			t->n++;
			break;
		}
		if (e->hash == h && e->len == len && memcmp(t->keys + e->off, t->keys + off, len) == 0) {
			break;
		}
		j = (j + 1) & (t->cap - 1);
	}
	if (side1) {
		t->slots[j].side1++;
	} else {
		t->slots[j].side0++;
	}
}

// countKey counts the row whose key was built from start to the end of
// the keys on side 1 or side 0, keeping the key once: 0 when memory ran
// out.
static int countKey(spanTable *t, uint64_t start, int side1) {
	seedTable(t);
	uint64_t len = t->keysLen - start;
	uint64_t h = hashBytes(t->seed, t->keys + start, len);
	if ((t->n + 1) * 4 > t->cap * 3 && !grow(t)) {
		return 0;
	}
	uint64_t w = start;
	insertKey(t, start, len, h, side1, &w);
	t->keysLen = w;
	return 1;
}

// A batch of keys built one after the other at the end of the table's
// keys, counted together: the slots and the keys they will compare with
// are fetched into the cache for all before any is counted, so that the
// waits for memory overlap instead of coming one a row.
enum { batchSize = 32 };

typedef struct spanBatch {
	uint64_t start; // where the first key begins
	int n;
	uint64_t len[batchSize], hash[batchSize];
} spanBatch;

// flushBatch counts the batch's rows on side 1 or side 0: 0 when memory
// ran out.
static int flushBatch(spanTable *t, spanBatch *b, int side1) {
	if (b->n == 0) {
		return 1;
	}
	seedTable(t);
	while ((t->n + (uint64_t)b->n) * 4 > t->cap * 3) {
		if (!grow(t)) {
			return 0;
		}
	}
	uint64_t off = b->start;
	for (int i = 0; i < b->n; i++) {
		b->hash[i] = hashBytes(t->seed, t->keys + off, b->len[i]);
		__builtin_prefetch(&t->slots[b->hash[i] & (t->cap - 1)]);
		off += b->len[i];
	}
	for (int i = 0; i < b->n; i++) {
		spanEntry *e = &t->slots[b->hash[i] & (t->cap - 1)];
		if (e->len != 0 && e->hash == b->hash[i]) {
			for (uint64_t k = 0; k < e->len; k += 64) {
				__builtin_prefetch(t->keys + e->off + k);
			}
		}
	}
	uint64_t w = b->start;
	off = b->start;
	for (int i = 0; i < b->n; i++) {
		insertKey(t, off, b->len[i], b->hash[i], side1, &w);
		off += b->len[i];
	}
	t->keysLen = w;
	b->n = 0;
	b->start = w;
	return 1;
}

static void spansStep(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	spanTable *t = sqlite3_aggregate_context(ctx, sizeof(spanTable));
	if (t == 0) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (t->other || t->failed) {
		return;
	}
	// The row's key: each value as a type byte, then its length and bytes
	// (text) or its eight bytes (an integer).
	uint64_t start = t->keysLen;
	for (int i = 1; i < argc; i++) {
		switch (sqlite3_value_type(argv[i])) {
		case SQLITE_INTEGER:
			if (!keyInteger(t, sqlite3_value_int64(argv[i]))) {
				goto nomem;
			}
			break;
		case SQLITE_TEXT:
			if (!keyText(t, sqlite3_value_text(argv[i]), (uint32_t)sqlite3_value_bytes(argv[i]))) {
				goto nomem;
			}
			break;
		default:
			t->other = 1;
			t->keysLen = start;
			return;
		}
	}
	if (!countKey(t, start, sqlite3_value_int64(argv[0]) == 1)) {
		goto nomem;
	}
	return;
nomem:
	t->failed = 1;
	t->keysLen = start;
}

// spansResult is the text "missing extra same" of a table of both sides.
static void spansResult(sqlite3_context *ctx, spanTable *t) {
	long long missing = 0, extra = 0;
	int same = 1;
	for (uint64_t i = 0; i < t->cap; i++) {
		spanEntry *e = &t->slots[i];
		if (e->len == 0) {
			continue;
		}
		if (e->side1 == 0) {
			missing += e->side0;
		}
		if (e->side0 == 0) {
			extra++;
		}
		same = same && e->side1 == 1 && e->side0 == 1;
	}
	char out[64];
	snprintf(out, sizeof out, "%lld %lld %d", missing, extra, same);
	sqlite3_result_text(ctx, out, -1, SQLITE_TRANSIENT);
}

static void spansFinal(sqlite3_context *ctx) {
	spanTable *t = sqlite3_aggregate_context(ctx, 0);
	if (t == 0) { // no rows
		sqlite3_result_text(ctx, "0 0 1", -1, SQLITE_TRANSIENT);
		return;
	}
	if (t->failed) {
		sqlite3_result_error_nomem(ctx);
	} else if (t->other) {
		sqlite3_result_null(ctx);
	} else {
		spansResult(ctx, t);
	}
	sqlite3_free(t->slots);
	sqlite3_free(t->keys);
}


// gloss_quotes_match(document_id, start_offset, end_offset, quote, id), an
// aggregate over the live passages, is 1 when textRulesGo
// (storage/validate.go) would find nothing wrong with any of their quotes,
// and 0 when it might: the caller then asks textRulesGo, which words
// the problem. It reads the documents itself, with textRulesGo's own query,
// and holds their texts; a passage of a document the file lacks is not its
// concern (the row rule of its REFERENCES reports it). For a passage of a
// document whose text is valid UTF-8 and a range [start, end) of code
// points with 0 <= start < end <= the text's length in code points, the
// quote must be exactly the text's bytes from code point start to code
// point end; any other range is left to the row rules, as textRulesGo leaves
// it.
//
// textRulesGo merges the documents, in order of id, with the passages in
// order of document_id; with ids of text, each document's once and in
// order, that finds each passage the document of its id, which this
// function looks up. It gives 0, not deciding, for anything textRulesGo
// reads otherwise than as plain text and integers: a value of another type
// (which Go's Scan may convert, or refuse), documents' ids not strictly in
// order (the same id twice), a document's text that is not valid UTF-8
// (textRulesGo reports it) with a passage on it, and texts of more than
// quoteTextsMax bytes in all, which it does not hold.
enum { markEvery = 64 };
static const long long quoteTextsMax = 256LL << 20;

typedef struct quoteDoc {
	long long id, text; // offsets into the arena
	int idLen, textLen;
	int prepared, valid; // text checked and marked; valid UTF-8
	long long runes;     // its length in code points
	int *marks;          // byte offset of every markEvery-th code point
} quoteDoc;

typedef struct quoteCheck {
	int started, bad, failed;
	quoteDoc *docs;
	long long n, cap;
	unsigned char *arena; // the documents' ids and texts
	long long arenaLen, arenaCap;
} quoteCheck;

// compareBytes orders two byte strings as SQLite's BINARY collation and
// Go's string comparison do.
static int compareBytes(const unsigned char *a, int an, const unsigned char *b, int bn) {
	int c = memcmp(a, b, an < bn ? an : bn);
	if (c != 0) {
		return c;
	}
	return an < bn ? -1 : an > bn;
}

// utf8Len is the length of the valid UTF-8 sequence at s[i:n], as Go's
// unicode/utf8 decodes it (no surrogates, no overlong forms, nothing past
// U+10FFFF), or 0 when it is not one.
static int utf8Len(const unsigned char *s, int i, int n) {
	unsigned char c = s[i];
	if (c < 0x80) {
		return 1;
	}
	unsigned char lo = 0x80, hi = 0xBF;
	int size;
	if (c >= 0xC2 && c <= 0xDF) {
		size = 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		size = 3;
		if (c == 0xE0) {
			lo = 0xA0;
		} else if (c == 0xED) {
			hi = 0x9F;
		}
	} else if (c >= 0xF0 && c <= 0xF4) {
		size = 4;
		if (c == 0xF0) {
			lo = 0x90;
		} else if (c == 0xF4) {
			hi = 0x8F;
		}
	} else {
		return 0;
	}
	if (n - i < size || s[i + 1] < lo || s[i + 1] > hi) {
		return 0;
	}
	for (int k = 2; k < size; k++) {
		if (s[i + k] < 0x80 || s[i + k] > 0xBF) {
			return 0;
		}
	}
	return size;
}

// prepareText checks a document's text and marks its code points: 0 when
// memory ran out.
static int prepareText(quoteCheck *q, quoteDoc *d) {
	d->prepared = 1;
	d->valid = 0;
	d->marks = sqlite3_realloc64(0, ((unsigned long long)d->textLen / markEvery + 1) * sizeof(int));
	if (d->marks == 0) {
		return 0;
	}
	const unsigned char *s = q->arena + d->text;
	int n = d->textLen;
	long long runes = 0;
	for (int i = 0; i < n;) {
		int size = utf8Len(s, i, n);
		if (size == 0) {
			return 1;
		}
		if (runes % markEvery == 0) {
			d->marks[runes / markEvery] = i;
		}
		runes++;
		i += size;
	}
	d->runes = runes;
	d->valid = 1;
	return 1;
}

// byteAt is the byte offset of code point cp, 0 <= cp <= runes, in a
// document's valid text.
static int byteAt(const quoteCheck *q, const quoteDoc *d, long long cp) {
	if (cp >= d->runes) {
		return d->textLen;
	}
	const unsigned char *s = q->arena + d->text;
	int b = d->marks[cp / markEvery];
	for (long long k = cp % markEvery; k > 0; k--) {
		unsigned char c = s[b];
		b += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	}
	return b;
}

// keepBytes appends n bytes to the arena and returns their offset, or -1
// when memory ran out.
static long long keepBytes(quoteCheck *q, const unsigned char *p, int n) {
	if (q->arena == 0 || q->arenaLen + n > q->arenaCap) {
		long long c = q->arenaCap ? q->arenaCap * 2 : 1 << 16;
		while (c < q->arenaLen + n) {
			c *= 2;
		}
		unsigned char *a = sqlite3_realloc64(q->arena, (unsigned long long)c);
		if (a == 0) {
			return -1;
		}
		q->arena = a;
		q->arenaCap = c;
	}
	long long off = q->arenaLen;
	if (n > 0) {
		memcpy(q->arena + off, p, n);
	}
	q->arenaLen += n;
	return off;
}

// readDocuments reads every document's id and text, in textRulesGo's order:
// 0 when the query failed or memory ran out.
static int readDocuments(quoteCheck *q, sqlite3 *db) {
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT id, sha256, length, text FROM documents ORDER BY id", -1, &st, 0) != SQLITE_OK) {
		return 0;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_TEXT || sqlite3_column_type(st, 3) != SQLITE_TEXT) {
			q->bad = 1;
			break;
		}
		const unsigned char *id = sqlite3_column_text(st, 0);
		int idLen = sqlite3_column_bytes(st, 0);
		const unsigned char *text = sqlite3_column_text(st, 3);
		int textLen = sqlite3_column_bytes(st, 3);
		if (id == 0 && idLen > 0 || text == 0 && textLen > 0) {
			sqlite3_finalize(st);
			return 0;
		}
		if (q->n > 0) {
			quoteDoc *last = &q->docs[q->n - 1];
			if (compareBytes(q->arena + last->id, last->idLen, id, idLen) >= 0) {
				q->bad = 1; // an id twice, or out of order
				break;
			}
		}
		if (q->arenaLen + idLen + textLen > quoteTextsMax) {
			q->bad = 1;
			break;
		}
		if (q->n == q->cap) {
			long long c = q->cap ? q->cap * 2 : 256;
			quoteDoc *d = sqlite3_realloc64(q->docs, (unsigned long long)c * sizeof(quoteDoc));
			if (d == 0) {
				sqlite3_finalize(st);
				return 0;
			}
			q->docs = d;
			q->cap = c;
		}
		quoteDoc *d = &q->docs[q->n];
		memset(d, 0, sizeof *d);
		d->id = keepBytes(q, id, idLen);
		d->idLen = idLen;
		d->text = keepBytes(q, text, textLen);
		d->textLen = textLen;
		if (d->id < 0 || d->text < 0) {
			sqlite3_finalize(st);
			return 0;
		}
		q->n++;
	}
	return sqlite3_finalize(st) == SQLITE_OK && (q->bad || rc == SQLITE_DONE);
}

// findDocument is the document of the id, or 0.
static quoteDoc *findDocument(quoteCheck *q, const unsigned char *id, int idLen) {
	long long lo = 0, hi = q->n;
	while (lo < hi) {
		long long mid = lo + (hi - lo) / 2;
		quoteDoc *d = &q->docs[mid];
		int c = compareBytes(q->arena + d->id, d->idLen, id, idLen);
		if (c == 0) {
			return d;
		}
		if (c < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return 0;
}

static void quotesStep(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	quoteCheck *q = sqlite3_aggregate_context(ctx, sizeof(quoteCheck));
	if (q == 0) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (!q->started) {
		q->started = 1;
		if (!readDocuments(q, sqlite3_context_db_handle(ctx))) {
			q->failed = 1;
		}
	}
	if (q->bad || q->failed) {
		return;
	}
	for (int i = 0; i < 5; i++) {
		int want = i == 1 || i == 2 ? SQLITE_INTEGER : SQLITE_TEXT;
		if (sqlite3_value_type(argv[i]) != want) {
			q->bad = 1;
			return;
		}
	}
	long long start = sqlite3_value_int64(argv[1]), end = sqlite3_value_int64(argv[2]);
	if (start < 0 || start >= end) {
		return;
	}
	const unsigned char *doc = sqlite3_value_text(argv[0]);
	int docLen = sqlite3_value_bytes(argv[0]);
	const unsigned char *quote = sqlite3_value_text(argv[3]);
	int quoteLen = sqlite3_value_bytes(argv[3]);
	if (doc == 0 && docLen > 0 || quote == 0 && quoteLen > 0) {
		q->failed = 1;
		return;
	}
	quoteDoc *d = findDocument(q, doc ? doc : (const unsigned char *)"", docLen);
	if (d == 0) {
		return; // no document of that id: not the text rules' concern
	}
	if (!d->prepared && !prepareText(q, d)) {
		q->failed = 1;
		return;
	}
	if (!d->valid) {
		q->bad = 1;
		return;
	}
	if (end > d->runes) {
		return;
	}
	int from = byteAt(q, d, start), to = byteAt(q, d, end);
	if (to - from != quoteLen || quoteLen > 0 && memcmp(q->arena + d->text + from, quote, quoteLen) != 0) {
		q->bad = 1;
	}
}

static void quotesFinal(sqlite3_context *ctx) {
	quoteCheck *q = sqlite3_aggregate_context(ctx, 0);
	if (q == 0) { // no passages
		sqlite3_result_int(ctx, 1);
		return;
	}
	if (q->failed) {
		sqlite3_result_error(ctx, "gloss_quotes_match: the documents could not be read", -1);
	} else {
		sqlite3_result_int(ctx, !q->bad);
	}
	for (long long i = 0; i < q->n; i++) {
		sqlite3_free(q->docs[i].marks);
	}
	sqlite3_free(q->docs);
	sqlite3_free(q->arena);
}

// gloss_compare_span_tables() gives what gloss_compare_spans gives over
// the rows compareSpans (storage/validate.go) reads, tag_spans (side 1)
// and the live tag applications on live passages where they are (side 0),
// reading the tables itself: the live passages in order of id and their
// live tags in order of passage_id are merged, where the query joins each
// passage to its tags by a search of passage_tags. The merge finds the
// same pairs as the join's pt.passage_id = p.id only when every id is text
// (equal then means the same bytes, and the order is that of memcmp) and
// the passages' ids are strictly in order; otherwise, and when a value of
// the rows is neither text nor an integer, it gives NULL, and the caller
// asks gloss_compare_spans over the query's rows. (The ids have BINARY
// collation, the only one the query's join and ORDER BY use: the check
// runs it on a file whose schema is Gloss's own. Each table is read
// itself, not an index: each query asks for a column no index holds.)
enum { spanOther = -1, spanNoMem = -2 };

// batchRow ends the key of a row begun at start, r telling how its
// columns went (1, spanOther or spanNoMem): a whole key joins the batch,
// which is counted on side 1 or side 0 once full; any other is taken back.
// It returns SQLITE_OK, or why the row failed.
static int batchRow(spanTable *t, spanBatch *b, uint64_t start, int r, int side1) {
	if (r == 1) {
		b->len[b->n++] = t->keysLen - start;
		if (b->n == batchSize && !flushBatch(t, b, side1)) {
			r = spanNoMem;
		}
	}
	if (r != 1) {
		t->keysLen = start;
		return r;
	}
	return SQLITE_OK;
}

// endBatch counts what is left of the batch once the rows of a statement,
// whose last step gave stepRc, are read, and returns rc, or why the rows
// could not all be counted.
static int endBatch(spanTable *t, spanBatch *b, int rc, int stepRc, int side1) {
	if (rc == SQLITE_OK && !flushBatch(t, b, side1)) {
		return spanNoMem;
	}
	if (rc == SQLITE_OK && stepRc != SQLITE_DONE) {
		return stepRc;
	}
	return rc;
}

// keyColumn appends column i of st to the key: 1, or spanOther or
// spanNoMem.
static int keyColumn(spanTable *t, sqlite3_stmt *st, int i) {
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return keyInteger(t, sqlite3_column_int64(st, i)) ? 1 : spanNoMem;
	case SQLITE_TEXT: {
		const unsigned char *s = sqlite3_column_text(st, i);
		return keyText(t, s, (uint32_t)sqlite3_column_bytes(st, i)) ? 1 : spanNoMem;
	}
	default:
		return spanOther;
	}
}

// idCopy is an id kept across steps of its statement.
typedef struct idCopy {
	unsigned char *p;
	uint64_t cap;
	int n, set;
} idCopy;

static int keepID(idCopy *c, const unsigned char *p, int n) {
	if ((uint64_t)n > c->cap) {
		uint64_t cap = c->cap ? c->cap * 2 : 64;
		while (cap < (uint64_t)n) {
			cap *= 2;
		}
		unsigned char *q = sqlite3_realloc64(c->p, cap);
		if (q == 0) {
			return 0;
		}
		c->p = q;
		c->cap = cap;
	}
	if (n > 0) {
		memcpy(c->p, p, n);
	}
	c->n = n;
	c->set = 1;
	return 1;
}

// passageRow is the row a statement of passages stands on: its id, read
// once a step (each call of SQLite's interface takes the connection's
// mutex).
typedef struct passageRow {
	sqlite3_stmt *st;
	int rc; // of the last step
	const unsigned char *id;
	int idLen;
} passageRow;

// nextPassage steps p to its next row: SQLITE_OK, or spanOther when the
// id is not text or not above the one before (kept in last, unless last
// is 0: the first step), or an error code.
static int nextPassage(passageRow *p, idCopy *last) {
	if (last != 0 && !keepID(last, p->id, p->idLen)) {
		return spanNoMem;
	}
	p->rc = sqlite3_step(p->st);
	if (p->rc == SQLITE_DONE) {
		return SQLITE_OK;
	}
	if (p->rc != SQLITE_ROW) {
		return p->rc;
	}
	if (sqlite3_column_type(p->st, 0) != SQLITE_TEXT) {
		return spanOther;
	}
	p->id = sqlite3_column_text(p->st, 0);
	p->idLen = sqlite3_column_bytes(p->st, 0);
	if (p->id == 0 && p->idLen > 0) {
		return spanNoMem;
	}
	if (last != 0 && compareBytes(last->p, last->n, p->id, p->idLen) >= 0) {
		return spanOther; // an id twice, or out of order
	}
	return SQLITE_OK;
}

// spanTables fills t from the tables: SQLITE_OK, spanOther, spanNoMem, or
// the error code of a query that failed.
static int spanTables(spanTable *t, sqlite3 *db) {
	static const char *const queries[3] = {
		"SELECT id, document_id, start_offset, end_offset, author_id FROM passages WHERE deleted_at IS NULL ORDER BY id",
		"SELECT passage_id, tag_id, author_id FROM passage_tags WHERE deleted_at IS NULL ORDER BY passage_id",
		"SELECT tag_id, document_id, start_offset, end_offset, passage_id, author_id FROM tag_spans",
	};
	sqlite3_stmt *st[3] = {0, 0, 0};
	int rc = SQLITE_OK;
	for (int i = 0; i < 3 && rc == SQLITE_OK; i++) {
		rc = sqlite3_prepare_v2(db, queries[i], -1, &st[i], 0);
	}
	sqlite3_stmt *ps = st[0], *ts = st[1], *ss = st[2];
	// The merge: ps stands on the first passage whose id is not below the
	// tag's passage_id, or is done; each side's ids are held to their
	// order, the passages' to the end (a passage out of order past the
	// last tag could be one a tag before missed).
	idCopy last = {0, 0, 0}, lastTag = {0, 0, 0};
	spanBatch b;
	b.start = t->keysLen;
	b.n = 0;
	passageRow pr = {ps, SQLITE_DONE, 0, 0};
	int trc = SQLITE_DONE;
	if (rc == SQLITE_OK) {
		rc = nextPassage(&pr, 0);
	}
	while (rc == SQLITE_OK && (trc = sqlite3_step(ts)) == SQLITE_ROW) {
		if (sqlite3_column_type(ts, 0) != SQLITE_TEXT) {
			rc = spanOther;
			break;
		}
		const unsigned char *tid = sqlite3_column_text(ts, 0);
		int tidLen = sqlite3_column_bytes(ts, 0);
		if (tid == 0 && tidLen > 0) {
			rc = spanNoMem;
			break;
		}
		if (lastTag.set && compareBytes(lastTag.p, lastTag.n, tid, tidLen) > 0) {
			rc = spanOther; // out of order
			break;
		}
		if (!keepID(&lastTag, tid, tidLen)) {
			rc = spanNoMem;
			break;
		}
		int c = -1;
		while (rc == SQLITE_OK && pr.rc == SQLITE_ROW && (c = compareBytes(pr.id, pr.idLen, tid, tidLen)) < 0) {
			rc = nextPassage(&pr, &last);
		}
		if (rc != SQLITE_OK) {
			break;
		}
		if (pr.rc != SQLITE_ROW || c != 0) {
			continue; // a tag of no live passage: no application
		}
		// The application's row: tag_id, then the passage's document_id,
		// start_offset, end_offset, id and author_id.
		uint64_t start = t->keysLen;
		int r = keyColumn(t, ts, 1);
		for (int k = 1; k <= 3 && r == 1; k++) {
			r = keyColumn(t, ps, k);
		}
		if (r == 1) {
			r = keyText(t, pr.id, (uint32_t)pr.idLen) ? 1 : spanNoMem;
		}
		if (r == 1) {
			r = keyColumn(t, ps, 4);
		}
		rc = batchRow(t, &b, start, r, 0);
	}
	rc = endBatch(t, &b, rc, trc, 0);
	while (rc == SQLITE_OK && pr.rc == SQLITE_ROW) {
		rc = nextPassage(&pr, &last);
	}
	sqlite3_free(last.p);
	sqlite3_free(lastTag.p);
	trc = SQLITE_DONE;
	while (rc == SQLITE_OK && (trc = sqlite3_step(ss)) == SQLITE_ROW) {
		uint64_t start = t->keysLen;
		int r = 1;
		for (int k = 0; k < 6 && r == 1; k++) {
			r = keyColumn(t, ss, k);
		}
		rc = batchRow(t, &b, start, r, 1);
	}
	rc = endBatch(t, &b, rc, trc, 1);
	for (int i = 0; i < 3; i++) {
		sqlite3_finalize(st[i]);
	}
	return rc;
}

static void spanTablesFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	spanTable t;
	memset(&t, 0, sizeof t);
	sqlite3 *db = sqlite3_context_db_handle(ctx);
	int rc = spanTables(&t, db);
	switch (rc) {
	case SQLITE_OK:
		spansResult(ctx, &t);
		break;
	case spanOther:
		sqlite3_result_null(ctx);
		break;
	case spanNoMem:
		sqlite3_result_error_nomem(ctx);
		break;
	default:
		sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
		sqlite3_result_error_code(ctx, rc);
	}
	sqlite3_free(t.slots);
	sqlite3_free(t.keys);
}

// gloss_tags_passages_found() is 1 when every row of passage_tags whose
// passage_id is not NULL names a passage of the file: the passages' ids
// and the tags' passage_ids, each in order, are merged, where a query
// would search passages for each tag. A tag is found only by a passage's
// id of the same text, which SQL's p.id = passage_id finds too; it is 0
// when one is not found that way, whatever the reason (a passage missing,
// an id not text, ids out of order), and the caller then looks each tag's
// passage up. Both tables are read themselves (each query asks for a
// column no index holds), not an index a damaged file may hold otherwise.
static int tagsPassagesFound(sqlite3 *db, int *found) {
	sqlite3_stmt *ps = 0, *ts = 0;
	int rc = sqlite3_prepare_v2(db, "SELECT id, quote IS NULL FROM passages ORDER BY id", -1, &ps, 0);
	if (rc == SQLITE_OK) {
		rc = sqlite3_prepare_v2(db, "SELECT passage_id, created_at IS NULL FROM passage_tags ORDER BY passage_id", -1, &ts, 0);
	}
	passageRow pr = {ps, SQLITE_DONE, 0, 0};
	int trc = SQLITE_DONE;
	*found = 1;
	if (rc == SQLITE_OK) {
		rc = nextPassage(&pr, 0);
	}
	while (rc == SQLITE_OK && *found && (trc = sqlite3_step(ts)) == SQLITE_ROW) {
		int type = sqlite3_column_type(ts, 0);
		if (type == SQLITE_NULL) {
			continue;
		}
		if (type != SQLITE_TEXT) {
			rc = spanOther;
			break;
		}
		const unsigned char *tid = sqlite3_column_text(ts, 0);
		int tidLen = sqlite3_column_bytes(ts, 0);
		if (tid == 0 && tidLen > 0) {
			rc = spanNoMem;
			break;
		}
		int c = -1;
		while (rc == SQLITE_OK && pr.rc == SQLITE_ROW && (c = compareBytes(pr.id, pr.idLen, tid, tidLen)) < 0) {
			rc = nextPassage(&pr, 0);
		}
		if (rc == SQLITE_OK && (pr.rc != SQLITE_ROW || c != 0)) {
			*found = 0;
		}
	}
	if (rc == SQLITE_OK && *found && trc != SQLITE_DONE) {
		rc = trc;
	}
	if (rc == spanOther) {
		*found = 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(ps);
	sqlite3_finalize(ts);
	return rc;
}

static void tagsPassagesFoundFunc(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	sqlite3 *db = sqlite3_context_db_handle(ctx);
	int found;
	int rc = tagsPassagesFound(db, &found);
	if (rc == SQLITE_OK) {
		sqlite3_result_int(ctx, found);
	} else if (rc == spanNoMem) {
		sqlite3_result_error_nomem(ctx);
	} else {
		sqlite3_result_error(ctx, sqlite3_errmsg(db), -1);
		sqlite3_result_error_code(ctx, rc);
	}
}

static int addFunctions(sqlite3 *db, char **errMsg, const sqlite3_api_routines *api) {
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function_v2(db, "gloss_bad_time", 2, flags, 0, badTime, 0, 0, 0);
	if (rc == SQLITE_OK) {
		rc = sqlite3_create_function_v2(db, "gloss_bad_id", 1, flags, 0, badID, 0, 0, 0);
	}
	if (rc == SQLITE_OK) {
		rc = sqlite3_create_function_v2(db, "gloss_compare_spans", 7, flags, 0, 0, spansStep, spansFinal, 0);
	}
	if (rc == SQLITE_OK) {
		// It reads the file's documents: never from a file's own schema.
		rc = sqlite3_create_function_v2(db, "gloss_quotes_match", 5, SQLITE_UTF8 | SQLITE_DIRECTONLY, 0, 0, quotesStep, quotesFinal, 0);
	}
	if (rc == SQLITE_OK) {
		// It reads the file's tables: never from a file's own schema.
		rc = sqlite3_create_function_v2(db, "gloss_compare_span_tables", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, 0, spanTablesFunc, 0, 0, 0);
	}
	if (rc == SQLITE_OK) {
		rc = sqlite3_create_function_v2(db, "gloss_tags_passages_found", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY, 0, tagsPassagesFoundFunc, 0, 0, 0);
	}
	return rc;
}

int glossRegisterRowRules(void) {
	// Counting the memory in use takes one mutex of the whole process at
	// every allocation, for which the connections of a check, side by
	// side, wait on each other. Nothing of ours reads the count. (This
	// must come before SQLite initialises, which the registration does;
	// when another package has already initialised it, the count stays.)
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	return sqlite3_auto_extension((void (*)(void))addFunctions);
}

long long sqlite3_memory_used(void);

long long glossMemoryUsed(void) { return sqlite3_memory_used(); }
