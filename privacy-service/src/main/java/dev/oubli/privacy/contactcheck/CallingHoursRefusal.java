package dev.oubli.privacy.contactcheck;

/** Why a call may not be placed at the planned time; recorded as the pre-contact check's reason. */
enum CallingHoursRefusal {
    /** The policy has no calling window on this day of the week (by default: Saturday and Sunday). */
    NO_CALLING_ON_THIS_DAY,
    /** The recipient's local date is a public holiday of the policy's calendar. */
    PUBLIC_HOLIDAY,
    /** A calling day, but the recipient's local time is outside every window. */
    OUTSIDE_CALLING_WINDOWS
}
