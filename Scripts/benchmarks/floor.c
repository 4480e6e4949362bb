/*
 * The floor for the benchmarks: C straight onto SQLite and libxlsxwriter, no checks, no
 * formulas, no verification. One scan of line_item, aggregated in hash tables, written as the
 * functional and economic hierarchy tables the disclosure workbook holds (tables 2, 3, 5, 6, 7, 8)
 * plus the two 31-class summaries (tables 1 and 4) and the "三公" table.
 *
 * With --per-unit, the same tables for each unit, one workbook per unit in OUT-FOLDER (named by
 * unit id): the floor of `budget export-units`. The items are read once, in unit order.
 *
 * Build: cc -O2 -o floor floor.c $(pkg-config --cflags --libs xlsxwriter sqlite3)
 * Run:   floor PROJECT.budget OUT.xlsx
 *        floor PROJECT.budget OUT-FOLDER --per-unit
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define SLOTS 65536
#define AMOUNTS 12 /* amount columns per row */

typedef struct { int code; long long v[AMOUNTS]; } slot;
typedef struct { slot s[SLOTS]; int used; } table;

static slot *get(table *t, int code) {
    unsigned h = (unsigned)code * 2654435761u % SLOTS;
    while (t->s[h].code && t->s[h].code != code) h = (h + 1) % SLOTS;
    if (!t->s[h].code) { t->s[h].code = code; t->used++; }
    return &t->s[h];
}

static int cmp(const void *a, const void *b) { return ((const slot *)a)->code - ((const slot *)b)->code; }

static int source_index(const char *s) {
    static const char *names[] = {"general", "fund", "soe", "special", "business", "operating", "superior",
                                  "affiliate", "other", "carryover-general", "carryover-fund", "carryover-soe", "carryover-other"};
    for (int i = 0; i < 13; i++) if (!strcmp(s, names[i])) return i;
    return 8;
}

static int type_index(const char *s) {
    static const char *names[] = {"basic", "project", "operating", "remit", "subsidy"};
    for (int i = 0; i < 5; i++) if (!strcmp(s, names[i])) return i;
    return 0;
}

/* Adds `amount` to the leaf code and its parents (codes of 3, 5, 7 digits). */
static void add(table *t, int code, int digits, int col, long long amount) {
    get(t, code)->v[col] += amount;
    if (digits == 7) { get(t, code / 100)->v[col] += amount; get(t, code / 10000)->v[col] += amount; }
    if (digits == 5) get(t, code / 100)->v[col] += amount;
}

static void write_table(lxw_workbook *wb, const char *name, table *t, int columns, lxw_format *fmt) {
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    worksheet_write_string(ws, 0, 0, name, NULL);
    slot *rows = malloc(sizeof(slot) * t->used);
    int n = 0;
    for (int i = 0; i < SLOTS; i++) if (t->s[i].code) rows[n++] = t->s[i];
    qsort(rows, n, sizeof(slot), cmp);
    char code[16];
    for (int r = 0; r < n; r++) {
        worksheet_write_number(ws, r + 2, 0, r + 1, NULL);
        snprintf(code, sizeof code, "%d", rows[r].code);
        worksheet_write_string(ws, r + 2, 1, code, NULL);
        for (int c = 0; c < columns; c++)
            if (rows[r].v[c]) worksheet_write_number(ws, r + 2, 3 + c, rows[r].v[c] / 1e6, fmt);
    }
    free(rows);
}

static table income, spending, general, fund, soe, basic;
static long long three[4][4];

static void clear(table *t) {
    if (!t->used) return;
    for (int i = 0; i < SLOTS; i++) if (t->s[i].code) memset(&t->s[i], 0, sizeof(slot));
    t->used = 0;
}

static void add_item(sqlite3_stmt *st, int offset) {
    int f = atoi((const char *)sqlite3_column_text(st, offset));
    int e = atoi((const char *)sqlite3_column_text(st, offset + 1));
    int type = type_index((const char *)sqlite3_column_text(st, offset + 2));
    const char *nature = (const char *)sqlite3_column_text(st, offset + 3);
    int source = source_index((const char *)sqlite3_column_text(st, offset + 4));
    long long a = sqlite3_column_int64(st, offset + 5);
    add(&income, f, 7, 0, a);
    add(&income, f, 7, source < 3 ? 2 : source < 9 ? source - 1 : 9, a);
    add(&spending, f, 7, 0, a);
    add(&spending, f, 7, 1 + type, a);
    int fiscal = source < 3 ? source : (source >= 9 && source <= 11) ? source - 9 : -1;
    table *t = fiscal == 0 ? &general : fiscal == 1 ? &fund : fiscal == 2 ? &soe : NULL;
    if (t) { add(t, f, 7, 0, a); if (type < 2) add(t, f, 7, 1 + type, a); }
    if (fiscal == 0 && type == 0) { add(&basic, e, 5, 0, a); add(&basic, e, 5, nature && !strcmp(nature, "personnel") ? 1 : 2, a); }
    if (fiscal >= 0) {
        int k = e == 30212 ? 0 : (e == 31013 || e == 30913) ? 1 : e == 30231 ? 2 : e == 30217 ? 3 : -1;
        if (k >= 0) three[k][fiscal] += a;
    }
}

static int write_workbook(const char *path) {
    lxw_workbook_options options = {.constant_memory = 0, .tmpdir = NULL, .use_zip64 = 0};
    lxw_workbook *wb = workbook_new_opt(path, &options);
    lxw_format *fmt = workbook_add_format(wb);
    format_set_num_format(fmt, "0.00");
    /* Tables 1 and 4: the classes (3-digit codes) of the spending table. */
    lxw_worksheet *t1 = workbook_add_worksheet(wb, "1");
    lxw_worksheet *t4 = workbook_add_worksheet(wb, "4");
    int row = 2;
    for (int i = 0; i < SLOTS; i++)
        if (spending.s[i].code && spending.s[i].code < 1000) {
            worksheet_write_number(t1, row, 4, spending.s[i].v[0] / 1e6, fmt);
            worksheet_write_number(t4, row, 4, general.s[i].v[0] / 1e6, fmt);
            row++;
        }
    write_table(wb, "2", &income, 10, fmt);
    write_table(wb, "3", &spending, 6, fmt);
    write_table(wb, "5", &general, 3, fmt);
    write_table(wb, "6", &basic, 3, fmt);
    write_table(wb, "7", &fund, 3, fmt);
    write_table(wb, "8", &soe, 3, fmt);
    lxw_worksheet *t9 = workbook_add_worksheet(wb, "9");
    for (int k = 0; k < 4; k++)
        for (int c = 0; c < 3; c++) worksheet_write_number(t9, k + 2, 3 + c, three[k][c] / 1e6, fmt);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

int main(int argc, char **argv) {
    int per_unit = argc == 4 && !strcmp(argv[3], "--per-unit");
    if (argc != 3 && !per_unit) { fprintf(stderr, "usage: floor PROJECT.budget OUT.xlsx | floor PROJECT.budget OUT-FOLDER --per-unit\n"); return 2; }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return 1;
    sqlite3_stmt *st;
    if (!per_unit) {
        sqlite3_prepare_v2(db, "SELECT functional, economic, type, nature, source, amount_fen FROM line_item", -1, &st, NULL);
        while (sqlite3_step(st) == SQLITE_ROW) add_item(st, 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
        return write_workbook(argv[2]);
    }
    sqlite3_prepare_v2(db, "SELECT unit_id, functional, economic, type, nature, source, amount_fen FROM line_item ORDER BY unit_id",
                       -1, &st, NULL);
    long long unit = -1;
    char path[4096];
    int failed = 0;
    for (int more = sqlite3_step(st) == SQLITE_ROW;; more = sqlite3_step(st) == SQLITE_ROW) {
        long long next = more ? sqlite3_column_int64(st, 0) : -2;
        if (next != unit && unit >= 0) {
            snprintf(path, sizeof path, "%s/%lld.xlsx", argv[2], unit);
            failed |= write_workbook(path);
            table *all[] = {&income, &spending, &general, &fund, &soe, &basic};
            for (int i = 0; i < 6; i++) clear(all[i]);
            memset(three, 0, sizeof three);
        }
        if (!more) break;
        unit = next;
        add_item(st, 1);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return failed;
}
