/** learnopt: learned optimizers on the JVM. Shared exception types live here. */
package io.learnopt;
