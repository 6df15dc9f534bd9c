#include <sqlite3.h>

// sqlite3_db_config is variadic, which Swift cannot call; these wrap the options the store uses.

// Leave the WAL for the next process instead of checkpointing (two fsyncs and an unlink) when
// the last connection closes: the store is opened by one short process per delivered message.
static inline int csqlite_disable_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
