package io.ticketflow.bench;

/** What one latency histogram holds: one HTTP call of the workload, or the whole lifecycle. */
enum CallType {
    CREATE("create"),
    SUBMIT_A("submit A"),
    SUBMIT_B("submit B"),
    SUBMIT_C("submit C"),
    LIFECYCLE("lifecycle");

    final String label;

    CallType(String label) {
        this.label = label;
    }
}
