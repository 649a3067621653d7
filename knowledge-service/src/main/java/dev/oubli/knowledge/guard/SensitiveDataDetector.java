package dev.oubli.knowledge.guard;

import java.util.List;

/** One way of recognising sensitive data, in one linear scan (a hand-written scanner or precompiled patterns). */
interface SensitiveDataDetector {

    /** The findings in {@code text}, in any order; they may overlap each other and those of other detectors. */
    List<Finding> findIn(String text);
}
