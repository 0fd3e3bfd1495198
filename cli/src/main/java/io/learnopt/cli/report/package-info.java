/**
 * {@code learnopt report}: one self-contained HTML page (inline CSS, inline SVG plots, no network
 * access) that gathers the results of several {@code learnopt eval} run directories.
 */
package io.learnopt.cli.report;
