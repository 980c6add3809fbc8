/*
 * rocrate.h - the RO-Crate 1.1 metadata (ro-crate-metadata.json) and the
 * README.md of a best-practice package.
 *
 * The RO-Crate (https://w3id.org/ro/crate/1.1) is JSON-LD with a flat @graph:
 * the metadata descriptor (conformsTo RO-Crate 1.1, about the root), the root
 * Dataset (name, description, identifier, version, datePublished, license,
 * author, publisher, keywords, temporalCoverage, isBasedOn, hasPart), one File
 * entity per file of the package, the licence, the authors (Person) and their
 * organisations (Organization), the owner (Organization, the publisher) and,
 * when the process was adapted from another, that process version as a
 * CreativeWork with its own publisher (provenance). Entities and members come
 * in a fixed order, so the same process gives the same bytes.
 *
 * The README is the process as a Markdown document: a table of its metadata,
 * then every step in the record's order with its actor, phase, duration,
 * predecessors, description, documents, checklist and links. Texts from the
 * record are escaped so that they read as written and never as markup.
 */
#ifndef LOTSE_ROCRATE_H
#define LOTSE_ROCRATE_H

#include "lotse/buf.h"
#include "lotse/process_record.h"

#define LT_ROCRATE_CONFORMS_TO "https://w3id.org/ro/crate/1.1"
#define LT_ROCRATE_CONTEXT     "https://w3id.org/ro/crate/1.1/context"

/* The URL of an SPDX licence identifier: Creative Commons' own page for the
 * CC licences Lotse expects, https://spdx.org/licenses/<id>.html otherwise.
 * Static or arena memory. */
const char *lt_licence_url(lt_arena *a, const char *spdx);

/* Appends ro-crate-metadata.json of p (indented JSON, trailing newline) to out. */
void lt_rocrate_write(lt_arena *a, const lt_process *p, lt_buf *out);

/* Appends README.md of p to out. */
void lt_readme_write(lt_arena *a, const lt_process *p, lt_buf *out);

#endif
