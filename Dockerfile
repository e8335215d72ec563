# syntax=docker/dockerfile:1
# The gateway's image: built from these sources with Maven on a JDK, run on a JRE as a non-root user.
#
#   docker build -t chat-gateway .
#   docker run -p 8443:8443 -e GATEWAY_JWT_SECRET="$(openssl rand -base64 32)" chat-gateway
#
# docker-compose.yml runs two of them as a cluster. The command is the jar's (serve by default;
# users, token, chat ...), every setting an environment variable (README: Configuration).
ARG JAVA_VERSION=25

FROM maven:3-eclipse-temurin-${JAVA_VERSION} AS build
ARG JAVA_VERSION
WORKDIR /src
COPY . .
# Only the modules the jar needs; tests run in the build (./test.sh), not here. The Maven
# repository is a cache mount, so a rebuild after a source change downloads nothing again.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -Dspotless.check.skip=true -pl bootstrap -am package \
 && bash scripts/jvm-options.sh "${JAVA_VERSION}" > /src/jvm.options

FROM eclipse-temurin:${JAVA_VERSION}-jre
RUN groupadd --system gateway \
 && useradd --system --gid gateway --create-home --home-dir /home/gateway --shell /usr/sbin/nologin gateway
WORKDIR /app
COPY --from=build /src/bootstrap/target/gateway.jar /app/gateway.jar
# The JVM options gateway.sh uses (scripts/jvm-options.sh), as a java argument file.
COPY --from=build /src/jvm.options /app/jvm.options
USER gateway
ENV GATEWAY_HOST=0.0.0.0 \
    GATEWAY_PORT=8443
EXPOSE 8443
# Liveness: /healthz answers 200 while the process serves. (HAProxy routes by /readyz, which also
# turns 503 while the gateway drains or its database does not answer.) Bash's /dev/tcp: the JRE
# image needs no HTTP client for it.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${GATEWAY_PORT} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# Exec form: java is PID 1 and gets SIGTERM itself (docker stop), so it drains (close 1001) and exits.
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/gateway.jar"]
CMD ["serve"]
