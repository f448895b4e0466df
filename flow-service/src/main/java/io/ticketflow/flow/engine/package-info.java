/**
 * The BPMN engine: plain Java, no I/O. {@link io.ticketflow.flow.engine.parse.BpmnParser} turns Camunda Modeler XML
 * into a {@link io.ticketflow.flow.engine.model.FlowModel}; {@link io.ticketflow.flow.engine.FlowEngine} moves tokens
 * through it.
 *
 * <p>Handlers decide, appliers apply: every engine call reads an immutable
 * {@link io.ticketflow.flow.engine.state.InstanceState}, emits
 * {@link io.ticketflow.flow.engine.event.EngineEvent}s one by one and applies each with
 * {@link io.ticketflow.flow.engine.state.EngineEventApplier} before deciding the next, so a step's state is always
 * the fold of its events and a stored event log can rebuild it.
 *
 * <p>Choices worth knowing:
 * <ul>
 *   <li>Tokens move depth-first (Camunda's synchronous continuation): a fork creates all branch tokens, in document
 *       order of its outgoing flows, then runs each branch to its wait state before starting the next. dataIds are
 *       {@code ticketId-n} from a counter in the state, so the same inputs give the same ids.</li>
 *   <li>A gateway that takes exactly one flow keeps the token; taking several creates one token per flow. A join
 *       always continues with a new token.</li>
 *   <li>Parallel join: one arrival per incoming flow; extra arrivals on a flow wait for the next activation.</li>
 *   <li>Inclusive join: fires once no live token can still reach it (graph reachability), and then consumes every
 *       arrival. Checked when a token arrives and again whenever a step runs out of work, so a branch routed away
 *       from the join or ended elsewhere releases it.</li>
 *   <li>A parallel join that can never complete (a skipped branch) leaves the instance RUNNING with no live token,
 *       as in Camunda; force close ends it.</li>
 *   <li>A multi-instance user task keeps the entering token as the loop's body (status LOOP) and gives each
 *       instance a token of its own, created in collection order; the completion condition is checked after each
 *       finished instance, and instances still waiting when it holds are withdrawn before the body moves on.</li>
 *   <li>Retry re-emits NodeEntered and re-runs the node; at a gateway only the routing, since its join already
 *       happened.</li>
 * </ul>
 */
package io.ticketflow.flow.engine;
