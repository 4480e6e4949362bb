import GRDB

/// The file format: identity, versions and frozen migrations.
///
/// Migrations are plain SQL and are never edited once shipped; a change to the format is a new
/// migration that also raises `user_version`.
enum Schema {
    /// `PRAGMA application_id`: ASCII "BDGT".
    static let applicationID: Int32 = 0x4244_4754
    /// The newest file format this build reads and writes (`PRAGMA user_version`).
    static let currentVersion = 10

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE department (
                      id INTEGER PRIMARY KEY CHECK (id = 1),
                      code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
                      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                      year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100)
                    ) STRICT;
                    CREATE TABLE unit (
                      id INTEGER PRIMARY KEY,
                      code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
                      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                      nature TEXT NOT NULL CHECK (nature IN ('行政', '事业', '参公')),
                      level TEXT NOT NULL DEFAULT '',
                      funding_form TEXT NOT NULL DEFAULT ''
                    ) STRICT;
                    CREATE TABLE project (
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
                      unit_id INTEGER REFERENCES unit(id) ON DELETE RESTRICT,
                      note TEXT NOT NULL DEFAULT ''
                    ) STRICT;
                    CREATE TABLE code_name (
                      kind TEXT NOT NULL CHECK (kind IN ('functional', 'economic')),
                      code TEXT NOT NULL CHECK (code GLOB '[23][0-9][0-9]*'),
                      origin TEXT NOT NULL CHECK (origin IN ('bureau', 'user')),
                      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                      PRIMARY KEY (kind, code, origin)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE line_item (
                      id INTEGER PRIMARY KEY,
                      unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
                      functional TEXT NOT NULL CHECK (functional GLOB '2[0-9][0-9][0-9][0-9][0-9][0-9]'),
                      economic TEXT NOT NULL CHECK (economic GLOB '3[0-9][0-9][0-9][0-9]'),
                      type TEXT NOT NULL CHECK (type IN ('basic', 'project', 'operating', 'remit', 'subsidy')),
                      nature TEXT CHECK (nature IN ('personnel', 'public')),
                      project_id INTEGER REFERENCES project(id) ON DELETE RESTRICT,
                      source TEXT NOT NULL CHECK (source IN ('general', 'fund', 'soe', 'special', 'business',
                        'operating', 'superior', 'affiliate', 'other', 'carryover-general', 'carryover-fund',
                        'carryover-soe', 'carryover-other')),
                      amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 100000000000000),
                      note TEXT NOT NULL DEFAULT '',
                      CHECK ((type = 'basic') = (nature IS NOT NULL)),
                      CHECK ((type = 'project') = (project_id IS NOT NULL))
                    ) STRICT;
                    CREATE INDEX line_item_unit ON line_item(unit_id);
                    CREATE INDEX line_item_project ON line_item(project_id);
                    PRAGMA user_version = 1;
                    """)
        }
        // v2: totals kept up to date by every write, so that recomputing the tables after an edit
        // costs in proportion to the edit, not to the project.
        migrator.registerMigration("v2") { db in
            // Lists in CHECK constraints are written with instr(), not IN (…): SQLite builds a
            // small table for every IN list it checks, which cost more than the insert itself.
            try db.execute(
                sql: """
                    CREATE TABLE line_item_v2 (
                      id INTEGER PRIMARY KEY,
                      unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
                      functional TEXT NOT NULL CHECK (functional GLOB '2[0-9][0-9][0-9][0-9][0-9][0-9]'),
                      economic TEXT NOT NULL CHECK (economic GLOB '3[0-9][0-9][0-9][0-9]'),
                      type TEXT NOT NULL CHECK (instr(type, ',') = 0
                        AND instr(',basic,project,operating,remit,subsidy,', ',' || type || ',') > 0),
                      nature TEXT CHECK (nature = 'personnel' OR nature = 'public'),
                      project_id INTEGER REFERENCES project(id) ON DELETE RESTRICT,
                      source TEXT NOT NULL CHECK (instr(source, ',') = 0 AND instr(',general,fund,soe,special,business,operating,superior,affiliate,other,carryover-general,carryover-fund,carryover-soe,carryover-other,', ',' || source || ',') > 0),
                      amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 100000000000000),
                      note TEXT NOT NULL DEFAULT '',
                      CHECK ((type = 'basic') = (nature IS NOT NULL)),
                      CHECK ((type = 'project') = (project_id IS NOT NULL))
                    ) STRICT;
                    INSERT INTO line_item_v2 SELECT id, unit_id, functional, economic, type, nature, project_id, source, amount_fen, note
                      FROM line_item;
                    DROP TABLE line_item;
                    ALTER TABLE line_item_v2 RENAME TO line_item;
                    """)
            // No index on line_item's unit or project: the kept totals below answer "how many
            // items does this unit have", and every index costs each insert.
            try db.execute(
                sql: """
                    CREATE TABLE item_total (
                      functional TEXT NOT NULL,
                      economic TEXT NOT NULL,
                      type TEXT NOT NULL,
                      nature TEXT NOT NULL,
                      source TEXT NOT NULL,
                      amount_fen INTEGER NOT NULL,
                      item_count INTEGER NOT NULL CHECK (item_count >= 0),
                      PRIMARY KEY (functional, economic, type, nature, source)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE functional_total (
                      functional TEXT NOT NULL,
                      type TEXT NOT NULL,
                      nature TEXT NOT NULL,
                      source TEXT NOT NULL,
                      amount_fen INTEGER NOT NULL,
                      item_count INTEGER NOT NULL CHECK (item_count >= 0),
                      PRIMARY KEY (functional, type, nature, source)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE economic_total (
                      economic TEXT NOT NULL,
                      type TEXT NOT NULL,
                      nature TEXT NOT NULL,
                      source TEXT NOT NULL,
                      amount_fen INTEGER NOT NULL,
                      item_count INTEGER NOT NULL CHECK (item_count >= 0),
                      PRIMARY KEY (economic, type, nature, source)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE unit_total (
                      unit_id INTEGER PRIMARY KEY REFERENCES unit(id) ON DELETE CASCADE,
                      item_count INTEGER NOT NULL CHECK (item_count >= 0),
                      amount_fen INTEGER NOT NULL
                    ) STRICT;
                    CREATE TABLE project_total (
                      project_id INTEGER PRIMARY KEY REFERENCES project(id) ON DELETE CASCADE,
                      item_count INTEGER NOT NULL CHECK (item_count >= 0),
                      amount_fen INTEGER NOT NULL
                    ) STRICT;
                    CREATE INDEX line_item_zero ON line_item(id) WHERE amount_fen = 0;
                    INSERT INTO item_total
                      SELECT functional, economic, type, coalesce(nature, ''), source, sum(amount_fen), count(*)
                      FROM line_item GROUP BY 1, 2, 3, 4, 5;
                    INSERT INTO functional_total
                      SELECT functional, type, nature, source, sum(amount_fen), sum(item_count) FROM item_total GROUP BY 1, 2, 3, 4;
                    INSERT INTO economic_total
                      SELECT economic, type, nature, source, sum(amount_fen), sum(item_count) FROM item_total GROUP BY 1, 2, 3, 4;
                    INSERT INTO unit_total SELECT unit_id, count(*), sum(amount_fen) FROM line_item GROUP BY unit_id;
                    INSERT INTO project_total SELECT project_id, count(*), sum(amount_fen) FROM line_item
                      WHERE project_id IS NOT NULL GROUP BY project_id;
                    PRAGMA user_version = 2;
                    """)
        }
        // v3: the rest of the disclosure document: texts, performance targets, procurement,
        // assets, last year's figures, the glossary and settings.
        migrator.registerMigration("v3") { db in
            try db.execute(
                sql: """
                    ALTER TABLE project ADD COLUMN goal TEXT NOT NULL DEFAULT '';
                    ALTER TABLE project ADD COLUMN declared_fen INTEGER CHECK (declared_fen BETWEEN 0 AND 100000000000000);
                    CREATE TABLE paragraph (
                      section TEXT NOT NULL CHECK (section IN ('duties', 'overall-goal', 'measures', 'special-funds', 'other')),
                      position INTEGER NOT NULL,
                      text TEXT NOT NULL,
                      PRIMARY KEY (section, position)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE department_goal (
                      position INTEGER PRIMARY KEY,
                      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                      goal TEXT NOT NULL,
                      indicators TEXT NOT NULL
                    ) STRICT;
                    CREATE TABLE indicator (
                      project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                      position INTEGER NOT NULL,
                      level1 TEXT NOT NULL CHECK (level1 IN ('产出指标', '效益指标', '满意度指标')),
                      level2 TEXT NOT NULL CHECK (length(level2) BETWEEN 1 AND 200),
                      level3 TEXT NOT NULL CHECK (length(level3) BETWEEN 1 AND 200),
                      description TEXT NOT NULL,
                      value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
                      basis TEXT NOT NULL,
                      PRIMARY KEY (project_id, position)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE procurement (
                      id INTEGER PRIMARY KEY,
                      unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
                      project_id INTEGER REFERENCES project(id) ON DELETE RESTRICT,
                      source_name TEXT NOT NULL DEFAULT '',
                      source_budget_fen INTEGER CHECK (source_budget_fen BETWEEN 0 AND 100000000000000),
                      item TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
                      catalogue_code TEXT NOT NULL CHECK (catalogue_code GLOB '[ABC][0-9]*'),
                      measure TEXT NOT NULL,
                      quantity TEXT NOT NULL,
                      unit_price_fen INTEGER NOT NULL CHECK (unit_price_fen BETWEEN 0 AND 100000000000000),
                      general_fen INTEGER NOT NULL DEFAULT 0 CHECK (general_fen BETWEEN 0 AND 100000000000000),
                      fund_fen INTEGER NOT NULL DEFAULT 0 CHECK (fund_fen BETWEEN 0 AND 100000000000000),
                      soe_fen INTEGER NOT NULL DEFAULT 0 CHECK (soe_fen BETWEEN 0 AND 100000000000000),
                      special_fen INTEGER NOT NULL DEFAULT 0 CHECK (special_fen BETWEEN 0 AND 100000000000000),
                      unit_funds_fen INTEGER NOT NULL DEFAULT 0 CHECK (unit_funds_fen BETWEEN 0 AND 100000000000000),
                      carryover_fen INTEGER NOT NULL DEFAULT 0 CHECK (carryover_fen BETWEEN 0 AND 100000000000000),
                      other_carryover_fen INTEGER NOT NULL DEFAULT 0 CHECK (other_carryover_fen BETWEEN 0 AND 100000000000000),
                      sme_fen INTEGER NOT NULL DEFAULT 0 CHECK (sme_fen BETWEEN 0 AND 100000000000000),
                      CHECK ((project_id IS NULL) = (source_name <> ''))
                    ) STRICT;
                    CREATE TABLE asset (
                      id INTEGER PRIMARY KEY CHECK (id = 1),
                      as_of TEXT NOT NULL DEFAULT '',
                      total_fen INTEGER,
                      building_area TEXT NOT NULL DEFAULT '',
                      office_area TEXT NOT NULL DEFAULT '',
                      building_value_fen INTEGER,
                      vehicle_count INTEGER CHECK (vehicle_count >= 0),
                      vehicle_value_fen INTEGER,
                      equipment_count INTEGER CHECK (equipment_count >= 0),
                      equipment_value_fen INTEGER,
                      other_value_fen INTEGER,
                      planned_fen INTEGER
                    ) STRICT;
                    CREATE TABLE prior_figure (
                      item TEXT PRIMARY KEY CHECK (item IN ('total', 'basic', 'project', 'three-public', 'abroad', 'vehicle-purchase',
                        'vehicle-operation', 'reception', 'operation')),
                      amount_fen INTEGER CHECK (amount_fen BETWEEN 0 AND 100000000000000),
                      reason TEXT NOT NULL DEFAULT ''
                    ) STRICT, WITHOUT ROWID;
                    -- Empty means the standard entries (StandardGlossary).
                    CREATE TABLE glossary (
                      position INTEGER PRIMARY KEY,
                      term TEXT NOT NULL CHECK (length(term) BETWEEN 1 AND 200),
                      text TEXT NOT NULL
                    ) STRICT;
                    CREATE TABLE setting (
                      key TEXT PRIMARY KEY,
                      value TEXT NOT NULL
                    ) STRICT, WITHOUT ROWID;
                    PRAGMA user_version = 3;
                    """)
        }
        // v4: snapshots of the project (一上, 二上 …), each the whole project as it was, as an
        // SQLite database image without snapshots of its own.
        migrator.registerMigration("v4") { db in
            try db.execute(
                sql: """
                    CREATE TABLE snapshot (
                      id INTEGER PRIMARY KEY,
                      name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
                      created TEXT NOT NULL,
                      item_count INTEGER NOT NULL,
                      total_fen INTEGER NOT NULL,
                      image BLOB NOT NULL
                    ) STRICT;
                    PRAGMA user_version = 4;
                    """)
        }
        // v5: the seal of the kept totals (TotalsSeal): the file change counter this tool's
        // last write left, and the file it wrote (device, inode), while the totals agreed with
        // the line items. Empty until that write.
        migrator.registerMigration("v5") { db in
            try db.execute(
                sql: """
                    CREATE TABLE totals_seal (
                      id INTEGER PRIMARY KEY CHECK (id = 1),
                      change_counter INTEGER NOT NULL,
                      file_device INTEGER NOT NULL,
                      file_inode INTEGER NOT NULL
                    ) STRICT;
                    PRAGMA user_version = 5;
                    """)
        }
        // v6: the file's identity (JournalGuard): a random tag made once per project, which every
        // write of this tool touches first, stamping it with the nonce of its own journal, so that
        // every journal it leaves carries the tag as it was, and a journal can be matched with the
        // file (and the state of the file) it belongs to.
        migrator.registerMigration("v6") { db in
            try db.execute(
                sql: """
                    CREATE TABLE file_identity (
                      id INTEGER PRIMARY KEY CHECK (id = 1),
                      tag TEXT NOT NULL CHECK (tag GLOB 'BUDGET-PROJECT-ID:[0-9A-F]*:[0-9A-F]*' AND length(tag) = 59),
                      writes INTEGER NOT NULL
                    ) STRICT;
                    INSERT INTO file_identity (id, tag, writes) VALUES (1, 'BUDGET-PROJECT-ID:' || hex(randomblob(16)) || ':00000000', 0);
                    PRAGMA user_version = 6;
                    """)
        }
        // v7: the statement as a region publishes it (issue 15): what each 项 of spending is
        // mainly used for, with last year's figure and the reason for a change (财政拨款支出主要内容);
        // each project's 项目经费情况说明; last year's 财政拨款 and its three kinds.
        migrator.registerMigration("v7") { db in
            try db.execute(
                sql: """
                    CREATE TABLE functional_note (
                      code TEXT PRIMARY KEY CHECK (code GLOB '2[0-9][0-9][0-9][0-9][0-9][0-9]'),
                      purpose TEXT NOT NULL DEFAULT '',
                      prior_fen INTEGER CHECK (prior_fen BETWEEN 0 AND 100000000000000),
                      reason TEXT NOT NULL DEFAULT ''
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE project_text (
                      project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                      field TEXT NOT NULL CHECK (field IN ('overview', 'basis', 'executor', 'plan', 'period', 'schedule')),
                      text TEXT NOT NULL,
                      PRIMARY KEY (project_id, field)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE prior_figure_v7 (
                      item TEXT PRIMARY KEY CHECK (item IN ('total', 'basic', 'project', 'three-public', 'abroad', 'vehicle-purchase',
                        'vehicle-operation', 'reception', 'operation', 'fiscal', 'general', 'fund', 'soe')),
                      amount_fen INTEGER CHECK (amount_fen BETWEEN 0 AND 100000000000000),
                      reason TEXT NOT NULL DEFAULT ''
                    ) STRICT, WITHOUT ROWID;
                    INSERT INTO prior_figure_v7 (item, amount_fen, reason) SELECT item, amount_fen, reason FROM prior_figure;
                    DROP TABLE prior_figure;
                    ALTER TABLE prior_figure_v7 RENAME TO prior_figure;
                    PRAGMA user_version = 7;
                    """)
        }
        // v8: warnings the clerk confirmed (issue 16, `budget confirm`): each by the warning's key
        // (`small-pay:432001:30101`), with what it found when confirmed (its fingerprint: the
        // amounts), so that it stays silent while they are unchanged and comes back when they change.
        migrator.registerMigration("v8") { db in
            try db.execute(
                sql: """
                    CREATE TABLE confirmation (
                      key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
                      fingerprint TEXT NOT NULL,
                      check_id TEXT NOT NULL,
                      message TEXT NOT NULL,
                      note TEXT NOT NULL DEFAULT '',
                      confirmed TEXT NOT NULL
                    ) STRICT, WITHOUT ROWID;
                    PRAGMA user_version = 8;
                    """)
        }
        // Format 9: who works in each unit and the standards the 基本支出 is calculated by
        // (issue 17). generated_item remembers which line items the calculation made, with their
        // formula and the amount it gave: an item that no longer matches was edited by the clerk
        // and is the clerk's. No foreign key to line_item: a cascade would cost every delete of
        // an item a lookup, and a record whose item is gone is simply stale.
        migrator.registerMigration("v9") { db in
            try db.execute(
                sql: """
                    CREATE TABLE roster_group (
                      id INTEGER PRIMARY KEY,
                      unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE RESTRICT,
                      category TEXT NOT NULL CHECK (category IN ('行政编制', '参公', '事业编制', '工勤', '编外聘用', '离休', '退休')),
                      name TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 100),
                      headcount INTEGER NOT NULL CHECK (headcount BETWEEN 0 AND 1000000),
                      establishment INTEGER CHECK (establishment BETWEEN 0 AND 1000000),
                      months INTEGER NOT NULL DEFAULT 12 CHECK (months BETWEEN 1 AND 12),
                      basic_fen INTEGER NOT NULL DEFAULT 0 CHECK (basic_fen BETWEEN 0 AND 100000000),
                      allowance_fen INTEGER NOT NULL DEFAULT 0 CHECK (allowance_fen BETWEEN 0 AND 100000000),
                      performance_fen INTEGER NOT NULL DEFAULT 0 CHECK (performance_fen BETWEEN 0 AND 100000000),
                      meal_fen INTEGER NOT NULL DEFAULT 0 CHECK (meal_fen BETWEEN 0 AND 100000000),
                      base_fen INTEGER CHECK (base_fen BETWEEN 0 AND 100000000),
                      pension_fen INTEGER NOT NULL DEFAULT 0 CHECK (pension_fen BETWEEN 0 AND 100000000),
                      supplement_fen INTEGER NOT NULL DEFAULT 0 CHECK (supplement_fen BETWEEN 0 AND 100000000)
                    ) STRICT;
                    CREATE INDEX roster_group_unit ON roster_group(unit_id);
                    CREATE TABLE standard (
                      key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
                      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
                      kind TEXT NOT NULL CHECK (kind IN ('rate', 'amount', 'months')),
                      value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 100000000000000),
                      basis TEXT NOT NULL DEFAULT '' CHECK (length(basis) <= 200),
                      source TEXT NOT NULL DEFAULT '' CHECK (length(source) <= 1000)
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE unit_profile (
                      unit_id INTEGER PRIMARY KEY REFERENCES unit(id) ON DELETE CASCADE,
                      main_functional TEXT CHECK (main_functional GLOB '2[0-9][0-9][0-9][0-9][0-9][0-9]'),
                      vehicles INTEGER NOT NULL DEFAULT 0 CHECK (vehicles BETWEEN 0 AND 100000),
                      students INTEGER NOT NULL DEFAULT 0 CHECK (students BETWEEN 0 AND 10000000)
                    ) STRICT;
                    CREATE TABLE generated_item (
                      item_id INTEGER PRIMARY KEY,
                      unit_id INTEGER NOT NULL,
                      functional TEXT NOT NULL,
                      economic TEXT NOT NULL,
                      amount_fen INTEGER NOT NULL,
                      formula TEXT NOT NULL
                    ) STRICT;
                    CREATE INDEX generated_item_unit ON generated_item(unit_id);
                    PRAGMA user_version = 9;
                    """)
        }
        // Format 10: next year from this year (issue 18). Each project says whether it goes on
        // next year (kind: 一次性 one-off, 经常性 recurring, 延续 continuing; NULL: not said yet);
        // last year's figure of each economic 款 with the reason for a change (as functional_note
        // keeps it per 项); and the finance bureau's 控制数, each a cap on the drafted spending of a
        // unit ('' the department as a whole) from one funding source, of one type ('' both), and
        // optionally of one project or one economic 类, with the round it came in (一下, 二下) and
        // the date it was received. Caps name units and projects by code and name, not by id: they
        // are the bureau's figures, and a cap whose unit or project is not (or no longer) in the
        // draft is a finding, not a broken reference.
        migrator.registerMigration("v10") { db in
            try db.execute(
                sql: """
                    ALTER TABLE project ADD COLUMN kind TEXT CHECK (kind IN ('one-off', 'recurring', 'continuing'));
                    CREATE TABLE economic_note (
                      code TEXT PRIMARY KEY CHECK (code GLOB '3[0-9][0-9][0-9][0-9]'),
                      prior_fen INTEGER CHECK (prior_fen BETWEEN 0 AND 100000000000000),
                      reason TEXT NOT NULL DEFAULT ''
                    ) STRICT, WITHOUT ROWID;
                    CREATE TABLE budget_cap (
                      id INTEGER PRIMARY KEY,
                      round TEXT NOT NULL DEFAULT '' CHECK (length(round) <= 50),
                      received TEXT NOT NULL DEFAULT '' CHECK (received = '' OR received GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
                      unit_code TEXT NOT NULL DEFAULT '' CHECK (length(unit_code) <= 32),
                      source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 32),
                      type TEXT NOT NULL DEFAULT '' CHECK (type IN ('', 'basic', 'project')),
                      project_name TEXT NOT NULL DEFAULT '' CHECK (length(project_name) <= 200),
                      economic_class TEXT NOT NULL DEFAULT '' CHECK (economic_class = '' OR economic_class GLOB '3[0-9][0-9]'),
                      amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 100000000000000),
                      note TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
                      UNIQUE (unit_code, source, type, project_name, economic_class)
                    ) STRICT;
                    PRAGMA user_version = 10;
                    """)
        }
        return migrator
    }
}
