/** Inter-annotator agreement: Cohen's κ per pair of labelers, Krippendorff's α overall (nominal). */
export { cohenKappa } from "./kappa";
export { krippendorffAlphaNominal, krippendorffAlphaFromValues } from "./alpha";
