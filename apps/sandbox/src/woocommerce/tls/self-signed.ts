/**
 * The bundled self-signed TLS certificate of the WooCommerce sandbox, for `tls: true`: CN=localhost with
 * subjectAltName DNS:localhost, IP:127.0.0.1 and IP:::1, RSA 2048, SHA-256, valid 2025-01-01 to 2125-01-01. TEST ONLY:
 * the private key is public in this repository. The same PEM texts are in ./localhost.cert.pem and
 * ./localhost.key.pem (how they were made: ./README.md); a unit test checks both copies are identical. They live in a
 * .ts module so that `tsc` ships them to dist/ without a copy step.
 */

/** PEM certificate (trust it in a client with `new https.Agent({ ca: WOOCOMMERCE_SANDBOX_TLS.cert })`). */
export const WOOCOMMERCE_SANDBOX_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIDmDCCAoCgAwIBAgICEAAwDQYJKoZIhvcNAQELBQAwSzESMBAGA1UEAwwJbG9j
YWxob3N0MTUwMwYDVQQKDCxtbC1jb25uZWN0b3IgV29vQ29tbWVyY2Ugc2FuZGJv
eCAodGVzdCBvbmx5KTAgFw0yNTAxMDEwMDAwMDBaGA8yMTI1MDEwMTAwMDAwMFow
SzESMBAGA1UEAwwJbG9jYWxob3N0MTUwMwYDVQQKDCxtbC1jb25uZWN0b3IgV29v
Q29tbWVyY2Ugc2FuZGJveCAodGVzdCBvbmx5KTCCASIwDQYJKoZIhvcNAQEBBQAD
ggEPADCCAQoCggEBANeUy6rEG4GZ99xMBrvBAKNUn43dlmoRgQ1OmcAXIsbTr5/i
C4IFL2RZEDWfvFQAhu71NOn0Bw+GIx+S9xqO73bKK0swDX0PTZcHapcC/N++TBX8
Q/v+TDYKgwqSqT5RMSu5cWPuvaC49nlmacdlQn51j47L1Oiz8yG9rQFWjzoFoZAy
qup3QONKeLp3pruBeupNYAK4HuRm9dcOYw59IDBKandzQnmzjGG3CBaoFFAhlB4I
qT/MWHLCclT5as+k28sf7Q0jR6qS5/h0MNMSO7NHkp2xBLDUjVYZL9Ftc1jffB/y
d661MEs6XkBAbNfFqcsouRNTJlu6q6BaE+kpISECAwEAAaOBgzCBgDAsBgNVHREE
JTAjgglsb2NhbGhvc3SHBH8AAAGHEAAAAAAAAAAAAAAAAAAAAAEwDAYDVR0TAQH/
BAIwADAOBgNVHQ8BAf8EBAMCBaAwEwYDVR0lBAwwCgYIKwYBBQUHAwEwHQYDVR0O
BBYEFNoPfi/u55X4JbuExxnKuvRq1eJIMA0GCSqGSIb3DQEBCwUAA4IBAQCI5kob
sJFipirtesvBC4Lx9d+GfcJ4Huj2jzPRtpnkrl3N4WM3gwbD14mCsZ7NvVwC2bnG
aAVjCz94ghvkFX34TFD2CXQEmV2Q6hv7bH4OFMF2kUSpyRMTcfJdOHwoRb6daoad
pzBeMR5982EAz7CSBScN2E1KyYMug6Z76QlIdoPemNSUutJxKCPJstqz0u8J8lMD
j6wIeZ9zZo6oW6LwoACMcIWabbcLWaly+LZ0waXPcr4sssLyR6V0NM5g4kqkjJUK
6FzoyqOig8mJImjaarEJiCMzdYypwcG9Bb86laSsKLoPeE0MbSYcdNQM9/k0lKT8
T+dl2PjtxtQql+er
-----END CERTIFICATE-----
`;

/** PEM private key (PKCS#8, unencrypted). */
export const WOOCOMMERCE_SANDBOX_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDXlMuqxBuBmffc
TAa7wQCjVJ+N3ZZqEYENTpnAFyLG06+f4guCBS9kWRA1n7xUAIbu9TTp9AcPhiMf
kvcaju92yitLMA19D02XB2qXAvzfvkwV/EP7/kw2CoMKkqk+UTEruXFj7r2guPZ5
ZmnHZUJ+dY+Oy9Tos/Mhva0BVo86BaGQMqrqd0DjSni6d6a7gXrqTWACuB7kZvXX
DmMOfSAwSmp3c0J5s4xhtwgWqBRQIZQeCKk/zFhywnJU+WrPpNvLH+0NI0eqkuf4
dDDTEjuzR5KdsQSw1I1WGS/RbXNY33wf8neutTBLOl5AQGzXxanLKLkTUyZbuqug
WhPpKSEhAgMBAAECggEARkkt6dwMN8HyLLHg1CAFzDqP1pnzK1vPnn4M5LLmVLq5
nL//DoIQRIBBJ6qPpTeSxp/Ng6VbE/Wgx++Lfu4xJqKdYOMm0qpFmsMBPoDr3yrU
9aoMpEDxqgDdXnoYkce450+Lp5Az5Q3I1iXMwQTDnCVKC71rCf95enuzxybohXqt
RBjWNRTB/sLwg7q91C432tpB+30GwhkYUs5SC4qelq2i7Hv4T+rdUDtASWJOX6/2
fPsEhotrSlkQgPLqoD1SABQ4fEu/Ji4coqxw9UydRLh/v8sCJZkipJ03aZJrKoS1
v9KPX/WsJWL4lNzYOTETI+AgSpXcyrFjI/MLfvh8XQKBgQDyChMIDgcuxHvEFcZl
H7cEtPuDeT8Vxs59srMqiqQi3XOZBcPJCOLiBcG3Lrz5gkWZMxp/Gkh/lh+2AebK
Vw28AB4xOr+T3ZvhVLC9Lw4cqxi2sB0HkXQNB81m2ly1swZZy2TkNPrV29MgxwcG
dlJuqGyvPTeaEnofqsMe/xBIBwKBgQDkBAsrOAic9ocdhI5ZQpphloVh1GcGaxpg
D6tUAFXOmADXMY1LdWbYf0u0mt9zM2IO9nZJqXzHvmERrXof5mvxA5dAPh7jvOUq
EgM4MZDbNwgqoNqkWO5FRBoQK9gY66naf0xAt0Mj32COGKbJSL3VUiobUfpwkTVb
vk6DgFDzlwKBgH6FSaGCQ7rsto2vnD+sLm1ldbwqGxH1FGecjA+G3XnkLNMmskta
O89Olw58fggnUt5cWlNql88p2HW51LyceO93WFD/lrlitGM7dA/Qkx3lSkvlD6ev
HuzY0UQcjS3l4UH7EkhAcYZtHJYbs85q93gkzntkEraVRgVbrBd92TLtAoGBAJVI
HHPYRLNXKBDoRzYjR+XaYUsyf50RI/x+ZcIiUgtnMy2wcHxVyda2SL9eoirPGkUH
kVwazeoMN4sWU51tA4CQxEa4JQsfEb4geuEgemE7P2qBU4REAQNyWcn6mol+SP8X
VroMAbYLujBt7UxdBoQSPiUS3+8w8ok1KDwqF1XTAoGAGhOmdLimmwHPiKoX5wW6
KSJs3lubVTBIIAOV1p2sgj4kMsPUOur8x8Pegk7Zr3pykFfvzzRFXKIw2UF7K6RY
Q2Zj5C3ZKJGmeHLYowdCZh/QX8xMfeEINoR7lHrnVPkwzMrGRB/3UyQ15fIZgegE
mOH0E1t7qBZ0032Jib/vgqM=
-----END PRIVATE KEY-----
`;

/** The pair as `startWooCommerceSandbox({ tls })` and node:https take it. */
export const WOOCOMMERCE_SANDBOX_TLS = { cert: WOOCOMMERCE_SANDBOX_TLS_CERT, key: WOOCOMMERCE_SANDBOX_TLS_KEY } as const;
