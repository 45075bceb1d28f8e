/** True under CI (`CI` is `true` or `1`), where a test whose setup is missing must fail instead of skipping. */
export const underCi = process.env.CI === "true" || process.env.CI === "1";
