/*
 * minimal_responder.c - the reference lotsed is measured against.
 *
 * The least a libfcgi application can do: T threads in FCGX_Accept_r, each
 * answering a fixed JSON body. tools/bench builds it, serves it through the
 * same nginx as lotsed, and reports lotsed's throughput as a ratio of this one.
 * Not part of the product.
 *
 * usage: minimal_responder SOCKET_PATH THREADS
 */
#include <fcgiapp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int listen_fd;

static void *serve(void *arg)
{
    (void)arg;
    static const char body[] = "{\"slug\":\"mittleres-ruhrgebiet\",\"name\":\"Mittleres "
                               "Ruhrgebiet\",\"areas\":[\"Bochum\",\"Herne\",\"Witten\","
                               "\"Hattingen\"],\"confirmed\":true}";
    FCGX_Request req;
    FCGX_InitRequest(&req, listen_fd, 0);
    while (FCGX_Accept_r(&req) >= 0) {
        char head[128];
        int n = snprintf(head, sizeof head,
                         "Status: 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: %d\r\n\r\n",
                         (int)sizeof body - 1);
        FCGX_PutStr(head, n, req.out);
        FCGX_PutStr(body, (int)sizeof body - 1, req.out);
        FCGX_Finish_r(&req);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s SOCKET_PATH THREADS\n", argv[0]);
        return 2;
    }
    int threads = atoi(argv[2]);
    unlink(argv[1]);
    FCGX_Init();
    listen_fd = FCGX_OpenSocket(argv[1], 128);
    if (listen_fd < 0 || chmod(argv[1], 0666) != 0)
        return 1;
    pthread_t tid[256];
    for (int i = 0; i < threads && i < 256; i++)
        pthread_create(&tid[i], NULL, serve, NULL);
    for (int i = 0; i < threads && i < 256; i++)
        pthread_join(tid[i], NULL);
    return 0;
}
