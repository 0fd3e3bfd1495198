/** Loss curves as PNG and SVG (XChart), and aligned text tables for the terminal. */
package io.learnopt.cli.plot;
