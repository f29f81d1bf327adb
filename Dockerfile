# Build with Maven, run on a JRE. Used by docker-compose.yml for both the ETL and the simulator.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 etl
WORKDIR /app
COPY --from=build /src/target/topdesk-warehouse.jar /app/topdesk-warehouse.jar
USER etl
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-jar", "/app/topdesk-warehouse.jar"]
CMD ["--help"]
