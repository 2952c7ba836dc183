/* fetchhttp.h: venvmk-fetch's transfers (fetchhttp.c): many at once through libcurl, over the gets of fetch.h. */

/* fetch every get, fetchopt.parallel at a time, and set its state to done or failed */
void downloadrun(void);
