/** Imported values used inside compiled lambdas (test/transformer/run/closures.test.ts). */
export const ADULT = 18;
export const CITIES = ["Oslo", "Lima"] as const;
