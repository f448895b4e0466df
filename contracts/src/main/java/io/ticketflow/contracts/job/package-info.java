/**
 * The job workers' API (external tasks): what a worker sends to fetch, lock, complete and fail jobs, and the jobs it
 * reads. Durations are milliseconds, as in Camunda 7's external task API.
 */
package io.ticketflow.contracts.job;
