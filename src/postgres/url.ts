// Tells a PostgreSQL connection string from a folder, without loading pg (the bulk CLI asks for every store).

/** True for `postgres://…` and `postgresql://…`. */
export const isPostgresUrl = (location: string): boolean => /^postgres(ql)?:\/\//.test(location);
