package io.ticketflow.ticket.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * 加签 on one work item: the requester and the users they added, each with their place in the order and whether
 * they signed. Who may sign now ({@link #due}): the unsigned {@code BEFORE} signers; when none, the requester and
 * the unsigned {@code PARALLEL} signers; when they have all signed, the unsigned {@code AFTER} signers. The last
 * signature completes the item.
 */
public record Signing(String requester, List<Signer> signers) {

    public Signing {
        signers = List.copyOf(signers);
    }

    /** Where an added signer signs relative to the requester. */
    public enum Phase {
        BEFORE, REQUESTER, PARALLEL, AFTER;

        /** The phase a command's {@code mode} names ({@code before}, {@code after}, {@code parallel}); else empty. */
        public static Optional<Phase> ofMode(String mode) {
            if (mode == null) {
                return Optional.empty();
            }
            return switch (mode.strip().toLowerCase(Locale.ROOT)) {
                case "before" -> Optional.of(BEFORE);
                case "after" -> Optional.of(AFTER);
                case "parallel" -> Optional.of(PARALLEL);
                default -> Optional.empty();
            };
        }
    }

    public record Signer(String user, Phase phase, boolean signed) {
    }

    public static Signing requestedBy(String requester) {
        return new Signing(requester, List.of(new Signer(requester, Phase.REQUESTER, false)));
    }

    public Optional<Signer> signer(String user) {
        return signers.stream().filter(s -> s.user().equals(user)).findFirst();
    }

    public boolean requesterSigned() {
        return signer(requester).map(Signer::signed).orElse(true);
    }

    /** Who may sign now. */
    public List<String> due() {
        List<String> before = unsigned(Phase.BEFORE);
        if (!before.isEmpty()) {
            return before;
        }
        List<String> main = new ArrayList<>(unsigned(Phase.REQUESTER));
        main.addAll(unsigned(Phase.PARALLEL));
        return main.isEmpty() ? unsigned(Phase.AFTER) : main;
    }

    /** Everyone has signed. */
    public boolean done() {
        return signers.stream().allMatch(Signer::signed);
    }

    Signing adding(List<String> users, Phase phase) {
        List<Signer> more = new ArrayList<>(signers);
        users.forEach(user -> more.add(new Signer(user, phase, false)));
        return new Signing(requester, more);
    }

    Signing removing(List<String> users) {
        return new Signing(requester, signers.stream()
                .filter(s -> s.user().equals(requester) || !users.contains(s.user())).toList());
    }

    public Signing signedBy(String user) {
        return new Signing(requester, signers.stream()
                .map(s -> s.user().equals(user) ? new Signer(s.user(), s.phase(), true) : s).toList());
    }

    private List<String> unsigned(Phase phase) {
        return signers.stream().filter(s -> s.phase() == phase && !s.signed()).map(Signer::user).toList();
    }
}
