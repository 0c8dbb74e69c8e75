// The functions of rowrules.go, in C: each runs once for a value of every
// row of a checked file, where an expression of SQLite's own functions
// costs about a microsecond.

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

int sqlite3_auto_extension(void (*xEntryPoint)(void));
int sqlite3_create_function_v2(sqlite3 *db, const char *zFunctionName, int nArg, int eTextRep, void *pApp,
	void (*xFunc)(sqlite3_context *, int, sqlite3_value **),
	void (*xStep)(sqlite3_context *, int, sqlite3_value **),
	void (*xFinal)(sqlite3_context *), void (*xDestroy)(void *));
int sqlite3_value_type(sqlite3_value *);
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

static int addFunctions(sqlite3 *db, char **errMsg, const sqlite3_api_routines *api) {
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function_v2(db, "gloss_bad_time", 2, flags, 0, badTime, 0, 0, 0);
	if (rc == SQLITE_OK) {
		rc = sqlite3_create_function_v2(db, "gloss_bad_id", 1, flags, 0, badID, 0, 0, 0);
	}
	return rc;
}

int glossRegisterRowRules(void) {
	return sqlite3_auto_extension((void (*)(void))addFunctions);
}
