export const MIN_VOLUME = 3_000_000;
export const EXCLUDED = ["MSFT"];
