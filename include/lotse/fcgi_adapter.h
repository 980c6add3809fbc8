/*
 * fcgi_adapter.h - one FastCGI request in, one lt_req through the pipeline, one answer out.
 *
 * The only code that knows both libfcgi and lt_req. It reads the FastCGI
 * parameters and body into the request arena, calls lt_app_handle, writes the
 * CGI-style answer ("Status:" line, headers, body) and logs one JSON line.
 *
 * Per thread: the caller owns the FCGX_Request, the app and the arena. The
 * adapter finishes the FastCGI request (so the logged duration includes
 * handing the answer to nginx) but leaves resetting the arena to the caller.
 */
#ifndef LOTSE_FCGI_ADAPTER_H
#define LOTSE_FCGI_ADAPTER_H

#include "lotse/app.h"

#include <fcgiapp.h>

/*
 * Serves the request that FCGX_Accept_r just accepted on fr. The body is read
 * only up to cfg->max_body (a larger declared length sets body_too_large);
 * whatever the client sent beyond that is read and discarded so the
 * connection stays in step, up to a bound after which the connection is
 * marked not to be kept. Never fails: a client that went away is logged.
 */
void lt_fcgi_serve(FCGX_Request *fr, lt_app *app, lt_arena *arena);

/* The reason phrase of an HTTP status ("Not Found"); "Unknown" for others. */
const char *lt_fcgi_reason(int status);

#endif
