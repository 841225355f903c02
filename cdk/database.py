"""The database the functions use: an existing Postgres, or an Aurora cluster the stack owns.

Both give the function factory the same three things: environment variables naming
the Secrets Manager secret (and the host to connect to, when it differs from the
secret's), the network placement of the functions, and a grant that lets a function
read the secret and reach the database port.

Aurora mode builds a VPC with isolated subnets only (no NAT gateway): the functions
reach Secrets Manager and Lambda through interface endpoints and S3 through a
gateway endpoint, and Postgres through the RDS Proxy (or the cluster directly when
`use_proxy` is off, which dev does to save the proxy's minimum charge).
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from cdk.config import AuroraDatabase, ExistingDatabase, StageConfig
from cdk.nag import acknowledge
from cdk.retention import retention

ADMIN_USERNAME = "courtside_admin"
POSTGRES_PORT = ec2.Port.tcp(5432)
_MASTER_SECRET_ROTATION = (
    "AwsSolutions-SMG4",
    "Rotating the master secret under pooled connections needs a rotation window plan; "
    "it is rotated by hand for now (README).",
)


class DatabaseAccess(Construct):
    """What every function needs to reach the database."""

    secret: secretsmanager.ISecret
    vpc: ec2.IVpc | None = None
    security_group: ec2.ISecurityGroup | None = None
    host: str | None = None
    dependables: tuple[Construct, ...] = ()
    """Constructs that must exist before migrations can run."""

    def environment(self) -> dict[str, str]:
        """What `courtside.settings` reads to find the database (secret, proxy host)."""
        env = {"DATABASE_SECRET_ARN": self.secret.secret_arn}
        if self.host:
            env["DATABASE_HOST"] = self.host
        return env

    def function_network(self) -> dict[str, Any]:
        """Keyword arguments placing a function (none outside a VPC)."""
        if self.vpc is None:
            return {}
        return {
            "vpc": self.vpc,
            "vpc_subnets": ec2.SubnetSelection(subnets=self._subnets()),
            "security_groups": [self.security_group] if self.security_group else None,
        }

    def grant_access(self, grantee: iam.IGrantable) -> None:
        """Let a function read the database secret (network access is set per mode)."""
        self.secret.grant_read(grantee)

    def _subnets(self) -> list[ec2.ISubnet]:
        assert self.vpc is not None
        return list(self.vpc.isolated_subnets or self.vpc.private_subnets)


class ExistingDatabaseAccess(DatabaseAccess):
    """A Postgres managed elsewhere: its secret by ARN, its VPC (if any) by id."""

    def __init__(self, scope: Construct, construct_id: str, *, config: ExistingDatabase) -> None:
        super().__init__(scope, construct_id)
        arn = config.secret_arn
        key = (
            kms.Key.from_key_arn(self, "SecretKey", config.secret_kms_key_arn)
            if config.secret_kms_key_arn
            else None
        )
        self.secret = secretsmanager.Secret.from_secret_attributes(
            self, "Secret", secret_complete_arn=arn, encryption_key=key
        )
        if config.vpc is None:
            return

        self.vpc = ec2.Vpc.from_vpc_attributes(
            self,
            "Vpc",
            vpc_id=config.vpc.vpc_id,
            availability_zones=config.vpc.availability_zones,
            private_subnet_ids=config.vpc.subnet_ids,
        )
        if config.vpc.security_group_id:
            self.security_group = ec2.SecurityGroup.from_security_group_id(
                self, "FunctionsSecurityGroup", config.vpc.security_group_id, mutable=False
            )
        else:
            self.security_group = ec2.SecurityGroup(
                self,
                "FunctionsSecurityGroup",
                vpc=self.vpc,
                description="Courtside functions (egress to the existing database and AWS APIs)",
                allow_all_outbound=True,
            )


class AuroraDatabaseAccess(DatabaseAccess):
    """Aurora Serverless v2 Postgres (+ RDS Proxy) in a VPC of isolated subnets."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: AuroraDatabase,
        stage: StageConfig,
    ) -> None:
        super().__init__(scope, construct_id)
        keep_logs = RemovalPolicy.RETAIN if stage.retain_data else RemovalPolicy.DESTROY

        vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=config.max_azs,
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(
                    name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=22
                )
            ],
        )
        flow_logs = logs.LogGroup(
            self,
            "FlowLogs",
            retention=retention(stage.log_retention_days),
            removal_policy=keep_logs,
        )
        vpc.add_flow_log(
            "FlowLog",
            destination=ec2.FlowLogDestination.to_cloud_watch_logs(flow_logs),
            traffic_type=ec2.FlowLogTrafficType.REJECT,
        )
        self.vpc = vpc
        self.security_group = ec2.SecurityGroup(
            self,
            "FunctionsSecurityGroup",
            vpc=vpc,
            description="Courtside functions: egress only to the database and the VPC endpoints",
            allow_all_outbound=False,
        )

        vpc.add_gateway_endpoint("S3", service=ec2.GatewayVpcEndpointAwsService.S3)
        self.security_group.add_egress_rule(
            ec2.Peer.any_ipv4(),
            ec2.Port.tcp(443),
            "HTTPS to the VPC endpoints and the S3 gateway (isolated subnets route nowhere else)",
        )
        # NOTE: not verified in an account: that X-Ray segments leave isolated subnets
        # without an X-Ray endpoint (Lambda's own daemon sends them); add one if not.
        for name, service in (
            ("SecretsManager", ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER),
            ("Lambda", ec2.InterfaceVpcEndpointAwsService.LAMBDA_),
        ):
            endpoint = vpc.add_interface_endpoint(name, service=service, open=False)
            endpoint.connections.allow_default_port_from(self.security_group)

        # Created here so the cluster's exported logs expire (RDS would create it forever)
        cluster_identifier = f"courtside-{stage.stage}"
        postgres_logs = logs.LogGroup(
            self,
            "PostgresLogs",
            log_group_name=f"/aws/rds/cluster/{cluster_identifier}/postgresql",
            retention=retention(stage.log_retention_days),
            removal_policy=keep_logs,
        )
        # the secret carries the database name, which url_from_secret reads (`dbname`)
        # NOTE: the functions connect as this master user; a role without DDL rights for
        # the API functions (the migrate function keeping the master) is not set up yet.
        master_secret = rds.DatabaseSecret(
            self, "MasterSecret", username=ADMIN_USERNAME, dbname=config.database_name
        )
        major = config.engine_version.split(".")[0]
        cluster = rds.DatabaseCluster(
            self,
            "Cluster",
            cluster_identifier=cluster_identifier,
            engine=rds.DatabaseClusterEngine.aurora_postgres(
                version=rds.AuroraPostgresEngineVersion.of(config.engine_version, major)
            ),
            credentials=rds.Credentials.from_secret(master_secret),
            default_database_name=config.database_name,
            writer=rds.ClusterInstance.serverless_v2("Writer"),
            readers=[
                rds.ClusterInstance.serverless_v2(f"Reader{index}", scale_with_writer=True)
                for index in range(1, config.readers + 1)
            ],
            serverless_v2_min_capacity=config.min_capacity,
            serverless_v2_max_capacity=config.max_capacity,
            vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            storage_encrypted=True,
            iam_authentication=True,
            deletion_protection=config.deletion_protection,
            backup=rds.BackupProps(retention=Duration.days(config.backup_retention_days)),
            cloudwatch_logs_exports=["postgresql"],
            removal_policy=RemovalPolicy.SNAPSHOT if stage.retain_data else RemovalPolicy.DESTROY,
        )
        cluster.node.add_dependency(postgres_logs)
        assert cluster.secret is not None
        self.cluster = cluster
        self.secret = cluster.secret
        self.dependables = (cluster,)

        if config.use_proxy:
            proxy = cluster.add_proxy(
                "Proxy",
                secrets=[cluster.secret],
                vpc=vpc,
                vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
                require_tls=True,
                debug_logging=False,
            )
            cluster.connections.allow_default_port_from(proxy, "RDS Proxy to the cluster")
            proxy.connections.allow_from(self.security_group, POSTGRES_PORT, "functions")
            self.proxy: rds.DatabaseProxy | None = proxy
            self.host = proxy.endpoint
            self.dependables = (cluster, proxy)
        else:
            cluster.connections.allow_default_port_from(self.security_group, "functions")
            self.proxy = None

        self._suppress(cluster, config)
        acknowledge(master_secret, _MASTER_SECRET_ROTATION)

    def _suppress(self, cluster: rds.DatabaseCluster, config: AuroraDatabase) -> None:
        acknowledge(
            cluster,
            (
                "AwsSolutions-RDS11",
                "Postgres's port is only reachable inside isolated subnets, from the "
                "security groups granted explicitly; another port number adds nothing.",
            ),
            _MASTER_SECRET_ROTATION,
        )
        if not config.deletion_protection:
            acknowledge(
                cluster,
                (
                    "AwsSolutions-RDS10",
                    "Deletion protection is off by choice for this stage (disposable "
                    "data); prod turns it on in cdk.json.",
                ),
            )
