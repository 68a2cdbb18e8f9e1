package dev.nificrm.clean;

/** How to read a numeric date whose parts could be day or month, such as {@code 03/04/2021}. */
public enum DateOrder {
    /** Month, day, year: {@code 03/04/2021} is March 4 (US exports, Zoho, Salesforce US locale). */
    MDY,
    /** Day, month, year: {@code 03/04/2021} is 3 April (Europe, Australia, most of the world). */
    DMY,
    /** Year, month, day: {@code 21/04/03} is 2021-04-03. */
    YMD
}
