/** Shapes of codes in request fields; the services check that they exist. */
/** a CPV code; the check digit may be left out */
export const CPV_CODE_SHAPE = /^\d{8}(-\d)?$/;
export const CPV_CODE_PATTERN = /^\d{8}-\d$/;
export const UNIT_CODE_PATTERN = /^[A-Z0-9]{2,3}$/;
export const CRITERION_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;
export const AGS_PATTERN = /^\d{8}$/;
export const DISTRICT_KEY_PATTERN = /^\d{5}$/;
