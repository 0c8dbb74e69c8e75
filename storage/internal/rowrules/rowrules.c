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

#define SQLITE_OK 0
#define SQLITE_INTEGER 1
#define SQLITE_FLOAT 2
#define SQLITE_TEXT 3
#define SQLITE_BLOB 4
#define SQLITE_NULL 5
#define SQLITE_UTF8 1
#define SQLITE_DETERMINISTIC 0x000000800
#define SQLITE_INNOCUOUS 0x000200000
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

static void spansStep(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
	spanTable *t = sqlite3_aggregate_context(ctx, sizeof(spanTable));
	if (t == 0) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (t->other || t->failed) {
		return;
	}
	if (t->seed == 0) {
		sqlite3_randomness(sizeof t->seed, &t->seed);
		t->seed |= 1;
	}
	// The row's key: each value as a type byte, then its length and bytes
	// (text) or its eight bytes (an integer).
	uint64_t start = t->keysLen;
	for (int i = 1; i < argc; i++) {
		switch (sqlite3_value_type(argv[i])) {
		case SQLITE_INTEGER: {
			long long v = sqlite3_value_int64(argv[i]);
			if (!reserve(t, 9)) {
				goto nomem;
			}
			t->keys[t->keysLen++] = 'i';
			memcpy(t->keys + t->keysLen, &v, 8);
			t->keysLen += 8;
			break;
		}
		case SQLITE_TEXT: {
			const unsigned char *s = sqlite3_value_text(argv[i]);
			uint32_t n = (uint32_t)sqlite3_value_bytes(argv[i]);
			if (s == 0 && n > 0 || !reserve(t, 5 + (uint64_t)n)) {
				goto nomem;
			}
			t->keys[t->keysLen++] = 't';
			memcpy(t->keys + t->keysLen, &n, 4);
			memcpy(t->keys + t->keysLen + 4, s, n);
			t->keysLen += 4 + (uint64_t)n;
			break;
		}
		default:
			t->other = 1;
			return;
		}
	}
	uint64_t len = t->keysLen - start;
	uint64_t h = hashBytes(t->seed, t->keys + start, len);
	if ((t->n + 1) * 4 > t->cap * 3 && !grow(t)) {
		goto nomem;
	}
	uint64_t j = h & (t->cap - 1);
	for (;;) {
		spanEntry *e = &t->slots[j];
		if (e->len == 0) {
			e->hash = h;
			e->off = start;
			e->len = (uint32_t)len;
			t->n++;
			break;
		}
		if (e->hash == h && e->len == len && memcmp(t->keys + e->off, t->keys + start, len) == 0) {
			t->keysLen = start; // the key is kept once
			break;
		}
		j = (j + 1) & (t->cap - 1);
	}
	if (sqlite3_value_int64(argv[0]) == 1) {
		t->slots[j].side1++;
	} else {
		t->slots[j].side0++;
	}
	return;
nomem:
	t->failed = 1;
	t->keysLen = start;
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
	sqlite3_free(t->slots);
	sqlite3_free(t->keys);
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
