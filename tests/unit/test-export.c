/*
 * test-export.c: unit tests of the CIB export: compiler/export.c (the
 * configuration, and Pacemaker's operation digests) and
 * scheduler/export-status.c (a state as the status section). Each test
 * compiles a small policy, exports it and looks for the XML it must hold;
 * the digests are the ones Pacemaker 2.1.5 itself recorded for the same
 * parameters (crm_simulate -S -O).
 */
#include "config.h"

#include <stdlib.h>

#include "unit.h"
#include "sched.h"

/* --- helpers ------------------------------------------------------------ */

#define HEAD	"cluster c {\n node n1\n node n2 { id = 1 }\n" \
		" property stonith-enabled=false\n}\n"

static const char	*last_diags;

/* The messages of ctx's diagnostics from the first, one a line. */
static const char *
messages(struct ctx *ctx, size_t first)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	buf_puts(&b, "");
	for (i = first; i < ctx->diags.n; i++)
		buf_printf(&b, "%s: %s\n", ctx->diags.v[i]->level ==
		    DIAG_ERROR ? "error" : "warning", ctx->diags.v[i]->msg);
	return unit_keep(buf_detach(&b));
}

/*
 * The CIB exported for the policy text and the state text (NULL: fresh),
 * or "FAILED"; the diagnostics of the export go to last_diags.
 */
static const char *
cib(const char *text, const char *state)
{
	struct ctx	*ctx = ctx_new();
	struct policy	*pol;
	struct model	*m;
	struct cstate	*st;
	struct source	*src;
	struct buf	 b;
	const char	*s = "FAILED";
	size_t		 before;

	buf_init(&b);
	pol = compile_load_text(ctx, UNIT_FILE, text, strlen(text));
	m = compile_policy(ctx, pol);
	compile_free(pol);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	if (state != NULL) {
		src = ctx_add_source(ctx, "t.state", state, strlen(state));
		st = state_parse(ctx, m, src);
	} else
		st = state_fresh(ctx, m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL_FATAL(ctx->diags.nerrors, 0);
	before = ctx->diags.n;		/* the policy's warnings */
	if (export_cib(ctx, m, &b) == 0 && export_status(ctx, m, st, &b) == 0)
		s = unit_keep(buf_detach(&b));
	last_diags = messages(ctx, before);
	buf_clear(&b);
	ctx_free(ctx);
	return s;
}

/* The op-digest digest_params() gives for rsc's task/interval in text. */
static const char *
digest(const char *text, const char *rsc, const char *task,
    uint64_t interval_ms)
{
	struct ctx		*ctx = ctx_new();
	struct policy		*pol;
	struct model		*m;
	const struct resource	*r = NULL;
	const char		*s;

	pol = compile_load_text(ctx, UNIT_FILE, text, strlen(text));
	m = compile_policy(ctx, pol);
	compile_free(pol);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	if (rsc != NULL) {
		r = model_resource(m, rsc);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	}
	s = digest_params(ctx, m, r, task, interval_ms, DIGEST_ALL, NULL);
	s = s != NULL ? unit_printf("%s", s) : "NULL";
	ctx_free(ctx);
	return s;
}

/* Assert that haystack does not contain needle. */
#define U_LACKS(haystack, needle) \
	CU_ASSERT_PTR_NULL(strstr((haystack), (needle)))

/* --- export.c: digests ---------------------------------------------------- */

#define DIGEST_POLICY HEAD \
	"op-defaults { timeout = 45s }\n" \
	"resource a ocf:pacemaker:Dummy {\n" \
	"    state = \"/tmp/a b&c<d>'e\\\"f\"\n" \
	"    tabbed = \"x\\ty\\nz\\rw\"\n" \
	"    id = foo\n" \
	"    zeta = 1\n" \
	"    Alpha = 2\n" \
	"    op monitor interval=10s timeout=33s OCF_CHECK_LEVEL=10\n" \
	"    op monitor interval=20s\n" \
	"    op start timeout=1.5s\n" \
	"}\n" \
	"resource b ocf:pacemaker:Dummy { op monitor interval=2min }\n"

static void
test_digest_known(void)
{
	/* Pacemaker's two well-known digests: no parameters, and no
	 * parameters but the default timeout of a recurring operation. */
	U_STREQ(digest(HEAD "resource a ocf:pacemaker:Dummy\n", "a", "start",
	    0), "f2317cad3d54cec5d7d7aa7d0bf35cf8");
	U_STREQ(digest(HEAD "resource a ocf:pacemaker:Dummy\n", "a",
	    "monitor", 10000), "4811cef7f7f94e3a35a70be7916cb2fd");
	/* A resource the model does not have: no parameters. */
	U_STREQ(digest(HEAD, NULL, "monitor", 10000),
	    "4811cef7f7f94e3a35a70be7916cb2fd");
	U_STREQ(digest(HEAD, NULL, "stop", 0),
	    "f2317cad3d54cec5d7d7aa7d0bf35cf8");
}

static void
test_digest_params(void)
{
	/* Escaping, sorting, id left out, timeouts only when recurring. */
	U_STREQ(digest(DIGEST_POLICY, "a", "start", 0),
	    "08f804a101fc9e223a6662e59a10f298");
	/* OCF_CHECK_LEVEL and the op's timeout. */
	U_STREQ(digest(DIGEST_POLICY, "a", "monitor", 10000),
	    "df69b9b3a0a026b31e890778eea7a9cb");
	/* The timeout of op-defaults. */
	U_STREQ(digest(DIGEST_POLICY, "a", "monitor", 20000),
	    "9146c656579cec62e00af5b3cb43956b");
	U_STREQ(digest(DIGEST_POLICY, "b", "monitor", 120000),
	    "ddc6374dd6e1ff042115a123260f9260");
	/* A probe is not recurring: no timeout, no OCF_CHECK_LEVEL. */
	U_STREQ(digest(DIGEST_POLICY, "a", "monitor", 0),
	    digest(DIGEST_POLICY, "a", "start", 0));
}

static void
test_digest_clone(void)
{
	/* A clone instance's history has its primitive's digest. */
	const char	*want = digest(HEAD "resource p ocf:pacemaker:ping { "
	    "host_list = h }\n", "p", "start", 0);

	U_STREQ(want, "d1eaa8a23398b32ad3039935df9811e5");
	U_CONTAINS(cib(HEAD "clone p ocf:pacemaker:ping { host_list = h }\n",
	    "resource p:0 started on n1\n"), "operation_key=\"p:0_start_0\" "
	    "operation=\"start\"");
	U_CONTAINS(cib(HEAD "clone p ocf:pacemaker:ping { host_list = h }\n",
	    "resource p:0 started on n1\n"), unit_printf("op-digest=\"%s\"",
	    want));
}

/* --- export.c: configuration ---------------------------------------------- */

static void
test_cib_root(void)
{
	const char	*s = cib(HEAD, NULL);

	U_CONTAINS(s, "<cib validate-with=\"pacemaker-3.9\" "
	    "crm_feature_set=\"3.16.1\" admin_epoch=\"0\" epoch=\"1\" "
	    "num_updates=\"0\" have-quorum=\"1\">");
	U_CONTAINS(s, "<nvpair id=\"cib-bootstrap-options-stonith-enabled\" "
	    "name=\"stonith-enabled\" value=\"false\"/>");
	U_CONTAINS(s, "<nvpair id=\"cib-bootstrap-options-cluster-name\" "
	    "name=\"cluster-name\" value=\"c\"/>");
	U_STREQ(last_diags, "");
}

static void
test_cib_nodes(void)
{
	/* n2 has id 1, so n1 gets the next free one. */
	const char	*s = cib("cluster c {\n node n1 { standby = true; attr "
	    "site=dc1; utilization cpu=4 }\n node n2 { id = 1 }\n}\n", NULL);

	U_CONTAINS(s, "<node id=\"2\" uname=\"n1\" type=\"member\">\n"
	    "        <instance_attributes id=\"nodes-2\">\n"
	    "          <nvpair id=\"nodes-2-standby\" name=\"standby\" "
	    "value=\"on\"/>\n"
	    "          <nvpair id=\"nodes-2-site\" name=\"site\" "
	    "value=\"dc1\"/>\n"
	    "        </instance_attributes>\n"
	    "        <utilization id=\"nodes-2-utilization\">\n"
	    "          <nvpair id=\"nodes-2-utilization-cpu\" name=\"cpu\" "
	    "value=\"4\"/>\n");
	U_CONTAINS(s, "<node id=\"1\" uname=\"n2\" type=\"member\"/>");
	U_CONTAINS(s, "<node_state id=\"2\" uname=\"n1\" in_ccm=\"true\" "
	    "crmd=\"online\"");
}

static void
test_cib_primitive(void)
{
	const char	*s = cib(HEAD "resource w ocf:heartbeat:apache {\n"
	    "    configfile = /etc/apache2.conf\n"
	    "    op monitor interval=30s timeout=1.5s OCF_CHECK_LEVEL=10 "
	    "role=Started on-fail=block\n"
	    "    op start timeout=PT1M enabled=no record-pending=false "
	    "start-delay=2s\n"
	    "    meta resource-stickiness=inf failure-timeout=90\n"
	    "    utilization cpu=1\n"
	    "}\n"
	    "fence f stonith:fence_ipmilan { ip = 10.0.0.1 }\n", NULL);

	U_CONTAINS(s, "<primitive id=\"w\" class=\"ocf\" provider=\"heartbeat\" "
	    "type=\"apache\">");
	U_CONTAINS(s, "<nvpair id=\"w-instance_attributes-configfile\" "
	    "name=\"configfile\" value=\"/etc/apache2.conf\"/>");
	/* inf is not a score to Pacemaker; 90 is a duration it reads. */
	U_CONTAINS(s, "name=\"resource-stickiness\" value=\"INFINITY\"/>");
	U_CONTAINS(s, "name=\"failure-timeout\" value=\"90\"/>");
	U_CONTAINS(s, "<op id=\"w-monitor-interval-30s\" name=\"monitor\" "
	    "interval=\"30s\" timeout=\"1500ms\" on-fail=\"block\" "
	    "role=\"Started\">");
	U_CONTAINS(s, "name=\"OCF_CHECK_LEVEL\" value=\"10\"/>");
	U_CONTAINS(s, "<op id=\"w-start-interval-0\" name=\"start\" "
	    "interval=\"0\" timeout=\"1min\" enabled=\"false\" "
	    "record-pending=\"false\" start-delay=\"2s\"/>");
	U_CONTAINS(s, "<utilization id=\"w-utilization\">");
	U_CONTAINS(s, "<primitive id=\"f\" class=\"stonith\" "
	    "type=\"fence_ipmilan\">");
}

static void
test_cib_clones(void)
{
	const char	*s = cib(HEAD "clone ping ocf:pacemaker:ping { meta "
	    "interleave=true }\n"
	    "resource ping-clone ocf:pacemaker:Dummy\n"
	    "resource d ocf:linbit:drbd\n"
	    "promotable d-ms of d { meta master-max=1 }\n"
	    "resource a ocf:pacemaker:Dummy\n"
	    "resource b ocf:pacemaker:Dummy\n"
	    "group g { a b }\n"
	    "clone g-clone of g\n"
	    "location ping prefers n1 = 10\n", NULL);

	/* ping-clone is taken: the inline clone's id is ping-clone-2. */
	U_CONTAINS(s, "<clone id=\"ping-clone-2\">\n"
	    "        <meta_attributes id=\"ping-clone-2-meta_attributes\">\n"
	    "          <nvpair id=\"ping-clone-2-meta_attributes-interleave\" "
	    "name=\"interleave\" value=\"true\"/>\n"
	    "        </meta_attributes>\n"
	    "        <primitive id=\"ping\" class=\"ocf\" "
	    "provider=\"pacemaker\" type=\"ping\"/>\n"
	    "      </clone>");
	U_CONTAINS(s, "<rsc_location id=\"loc-ping-n1\" rsc=\"ping-clone-2\" "
	    "node=\"n1\" score=\"10\"/>");
	/* promotable=true, and master-max under its new name. */
	U_CONTAINS(s, "<nvpair id=\"d-ms-meta_attributes-promotable\" "
	    "name=\"promotable\" value=\"true\"/>\n"
	    "          <nvpair id=\"d-ms-meta_attributes-promoted-max\" "
	    "name=\"promoted-max\" value=\"1\"/>");
	U_CONTAINS(s, "<clone id=\"g-clone\">\n        <group id=\"g\">\n"
	    "          <primitive id=\"a\"");
}

static void
test_cib_locations(void)
{
	const char	*s = cib(HEAD "resource a ocf:pacemaker:Dummy\n"
	    "promotable p ocf:pacemaker:Stateful\n"
	    "location a avoids n1 resource-discovery=never\n"
	    "location p rule pingd: defined pingd role=Promoted\n"
	    "location a rule -50: site eq dc1 and (rack lt 4 or rack gt "
	    "integer:9)\n", NULL);

	U_CONTAINS(s, "<rsc_location id=\"loc-a-n1\" rsc=\"a\" node=\"n1\" "
	    "score=\"-INFINITY\" resource-discovery=\"never\"/>");
	U_CONTAINS(s, "<rsc_location id=\"loc-p\" rsc=\"p-clone\">\n"
	    "        <rule id=\"loc-p-rule\" score-attribute=\"pingd\" "
	    "role=\"Promoted\">\n"
	    "          <expression id=\"loc-p-rule-expr\" attribute=\"pingd\" "
	    "operation=\"defined\"/>");
	U_CONTAINS(s, "<rule id=\"loc-a-rule\" score=\"-50\">\n"
	    "          <expression id=\"loc-a-rule-expr\" attribute=\"site\" "
	    "operation=\"eq\" value=\"dc1\"/>\n"
	    "          <rule id=\"loc-a-rule-rule\" score=\"0\" "
	    "boolean-op=\"or\">\n"
	    "            <expression id=\"loc-a-rule-rule-expr\" "
	    "attribute=\"rack\" operation=\"lt\" value=\"4\"/>\n"
	    "            <expression id=\"loc-a-rule-rule-expr-2\" "
	    "attribute=\"rack\" operation=\"gt\" value=\"9\" "
	    "type=\"integer\"/>");
}

static void
test_cib_colocations(void)
{
	const char	*s = cib(HEAD "resource a ocf:pacemaker:Dummy\n"
	    "resource b ocf:pacemaker:Dummy\n"
	    "resource c ocf:pacemaker:Dummy\n"
	    "promotable p ocf:pacemaker:Stateful\n"
	    "colocate a with p Promoted 200 influence=false\n"
	    "colocate b with c node-attribute=site\n"
	    "resource d ocf:pacemaker:Dummy\n"
	    "resource e ocf:pacemaker:Dummy\n"
	    "colocate (a b sequential=false) with c\n"
	    "colocate (d e) -INFINITY\n", NULL);

	U_CONTAINS(s, "<rsc_colocation id=\"col-a-p\" score=\"200\" "
	    "influence=\"false\" rsc=\"a\" with-rsc=\"p-clone\" "
	    "with-rsc-role=\"Promoted\"/>");
	U_CONTAINS(s, "<rsc_colocation id=\"col-b-c\" score=\"INFINITY\" "
	    "rsc=\"b\" with-rsc=\"c\" node-attribute=\"site\"/>");
	U_CONTAINS(s, "<rsc_colocation id=\"col-a-c\" score=\"INFINITY\">\n"
	    "        <resource_set id=\"col-a-c-set\" sequential=\"false\">\n"
	    "          <resource_ref id=\"a\"/>\n"
	    "          <resource_ref id=\"b\"/>\n"
	    "        </resource_set>\n"
	    "        <resource_set id=\"col-a-c-set-2\" sequential=\"true\">\n"
	    "          <resource_ref id=\"c\"/>");
	U_CONTAINS(s, "<rsc_colocation id=\"col-d\" score=\"-INFINITY\">\n"
	    "        <resource_set id=\"col-d-set\" sequential=\"true\">");
	U_STREQ(last_diags, "");

	/* Pacemaker has no node-attribute for sets. */
	U_STREQ(cib(HEAD "resource a ocf:pacemaker:Dummy\n"
	    "resource b ocf:pacemaker:Dummy\n"
	    "resource c ocf:pacemaker:Dummy\n"
	    "colocate (a b) with c node-attribute=site\n", NULL), "FAILED");
	U_STREQ(last_diags, "error: a colocation of resource sets with "
	    "node-attribute cannot be exported: Pacemaker reads node-attribute "
	    "only on a colocation of two resources\n");
}

static void
test_cib_orders(void)
{
	const char	*s = cib(HEAD "resource a ocf:pacemaker:Dummy\n"
	    "resource b ocf:pacemaker:Dummy\n"
	    "resource c ocf:pacemaker:Dummy\n"
	    "promotable p ocf:pacemaker:Stateful\n"
	    "order p promote then a kind=Optional\n"
	    "order p demote then b stop symmetrical=false\n"
	    "order a then c kind=Serialize\n"
	    "order (a b require-all=false) then c id=o-set\n"
	    "clone cl ocf:pacemaker:Dummy\n"
	    "order cl then a require-all=false\n", NULL);

	U_CONTAINS(s, "<rsc_order id=\"ord-p-a\" kind=\"Optional\" "
	    "first=\"p-clone\" then=\"a\" first-action=\"promote\" "
	    "then-action=\"start\"/>");
	U_CONTAINS(s, "<rsc_order id=\"ord-p-b\" symmetrical=\"false\" "
	    "first=\"p-clone\" then=\"b\" first-action=\"demote\" "
	    "then-action=\"stop\"/>");
	U_CONTAINS(s, "<rsc_order id=\"ord-a-c\" kind=\"Serialize\" "
	    "first=\"a\" then=\"c\"/>");
	U_CONTAINS(s, "<rsc_order id=\"o-set\">\n"
	    "        <resource_set id=\"o-set-set\" sequential=\"false\" "
	    "require-all=\"false\">");
	U_CONTAINS(s, "<rsc_order id=\"ord-cl-a\" first=\"cl-clone\" "
	    "then=\"a\" require-all=\"false\"/>");
}

static void
test_cib_defaults_fencing(void)
{
	const char	*s = cib("cluster c {\n node n1\n node n2\n"
	    " property fencing-enabled=yes stonith-action=off\n}\n"
	    "defaults { resource-stickiness = 100 }\n"
	    "op-defaults { timeout = 1.5s; OCF_CHECK_LEVEL = 10 }\n"
	    "fence f1 stonith:fence_ipmilan\n"
	    "fence f2 stonith:fence_ipmilan\n"
	    "fencing-level n1 1: f1, f2\n"
	    "fencing-level rack=r1 2: f2\n", NULL);

	/* fencing-enabled is Pacemaker 3's name for stonith-enabled. */
	U_CONTAINS(s, "name=\"stonith-enabled\" value=\"yes\"/>");
	U_CONTAINS(s, "name=\"stonith-action\" value=\"off\"/>");
	U_CONTAINS(s, "<rsc_defaults>\n      <meta_attributes "
	    "id=\"rsc_defaults-meta_attributes\">\n"
	    "        <nvpair id=\"rsc_defaults-meta_attributes-"
	    "resource-stickiness\" name=\"resource-stickiness\" "
	    "value=\"100\"/>");
	/* OCF_CHECK_LEVEL is written on the ops, not as an op default. */
	U_CONTAINS(s, "<op_defaults>\n      <meta_attributes "
	    "id=\"op_defaults-meta_attributes\">\n"
	    "        <nvpair id=\"op_defaults-meta_attributes-timeout\" "
	    "name=\"timeout\" value=\"1500ms\"/>\n"
	    "      </meta_attributes>");
	U_CONTAINS(s, "<fencing-level id=\"fl-n1-1\" target=\"n1\" "
	    "index=\"1\" devices=\"f1,f2\"/>");
	U_CONTAINS(s, "<fencing-level id=\"fl-rack-r1-2\" "
	    "target-attribute=\"rack\" target-value=\"r1\" index=\"2\" "
	    "devices=\"f2\"/>");
}

static void
test_cib_problems(void)
{
	/* An op's requires: not exported, with a warning. */
	U_CONTAINS(cib(HEAD "resource a ocf:pacemaker:Dummy { op start "
	    "requires=quorum }\n", NULL), "<op id=\"a-start-interval-0\" "
	    "name=\"start\" interval=\"0\"/>");
	U_CONTAINS(last_diags, "warning: 'requires' on an operation is "
	    "ignored by Pacemaker 2.1.5");
	/* Not XML. */
	U_STREQ(cib(HEAD "resource a ocf:pacemaker:Dummy { x = \"a\\x01\" }\n",
	    NULL), "FAILED");
	U_STREQ(last_diags, "error: the value of 'x' cannot be written in XML: "
	    "it is not UTF-8 or holds a control character\n");
	/* What Pacemaker 2.1.5 itself writes back wrongly. */
	U_CONTAINS(cib(HEAD "resource a ocf:pacemaker:Dummy { x = "
	    "\"caf\\xc3\\xa9 & co\" }\n", NULL), "value=\"caf\xc3\xa9 &amp; "
	    "co\"");
	U_CONTAINS(last_diags, "warning: the value of 'x' has a quote");
}

/* --- export-status.c ------------------------------------------------------ */

static void
test_status_nodes(void)
{
	const char	*s = cib(HEAD, "now 2024-05-01T12:00:00Z\n"
	    "dc n2\nquorum no\n"
	    "node n1 unclean { attr site=dc1; fail-count a monitor "
	    "interval=10s count=2 }\n");

	U_CONTAINS(s, "have-quorum=\"0\" dc-uuid=\"1\" "
	    "execution-date=\"1714564800\">");
	U_CONTAINS(s, "<node_state id=\"2\" uname=\"n1\" in_ccm=\"false\" "
	    "crmd=\"offline\" crm-debug-origin=\"hacc-export\" join=\"down\" "
	    "expected=\"member\">\n"
	    "      <transient_attributes id=\"2\">\n"
	    "        <instance_attributes id=\"status-2\">\n"
	    "          <nvpair id=\"status-2-fail-count-a_monitor_10000\" "
	    "name=\"fail-count-a#monitor_10000\" value=\"2\"/>\n"
	    "          <nvpair id=\"status-2-site\" name=\"site\" "
	    "value=\"dc1\"/>");
	/* Unseen: no node_state at all. */
	s = cib(HEAD, "node n1 unseen\n");
	U_LACKS(s, "uname=\"n1\" in_ccm");
	/* No nodes in the policy: the state's are added to <nodes>. */
	s = cib("resource a ocf:pacemaker:Dummy\n", "node x online id=5\n"
	    "node y online\n");
	U_CONTAINS(s, "<node id=\"5\" uname=\"x\" type=\"member\"/>\n"
	    "      <node id=\"1\" uname=\"y\" type=\"member\"/>");
	U_CONTAINS(s, "<node_state id=\"5\" uname=\"x\"");
}

static void
test_status_histories(void)
{
	const char	*s = cib(HEAD "resource a ocf:pacemaker:Dummy { op "
	    "monitor interval=10s }\n"
	    "clone p ocf:pacemaker:ping\n",
	    "resource a on n1 {\n"
	    "    op start call=3 rc=0 changed=2024-05-01T12:00:00Z\n"
	    "    op monitor interval=10s call=4 rc=7 status=error "
	    "reason=\"gone\"\n"
	    "    op monitor interval=10s call=5 rc=0\n"
	    "    op stop call=6 rc=0 digest=0123\n"
	    "}\n"
	    "resource p:0 started on n2\n"
	    "resource old on n2 agent=ocf:heartbeat:Dummy { op start call=1 "
	    "rc=0 }\n");

	U_CONTAINS(s, "<lrm_resource id=\"a\" class=\"ocf\" "
	    "provider=\"pacemaker\" type=\"Dummy\">\n"
	    "            <lrm_rsc_op id=\"a_start_0\" operation_key=\"a_start_0\" "
	    "operation=\"start\" crm_feature_set=\"3.16.1\" "
	    "transition-key=\"3:0:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\" "
	    "transition-magic=\"0:0;3:0:0:xxxxxxxx-xxxx-xxxx-xxxx-"
	    "xxxxxxxxxxxx\" on_node=\"n1\" call-id=\"3\" rc-code=\"0\" "
	    "op-status=\"0\" interval=\"0\" last-rc-change=\"1714564800\" "
	    "last-run=\"1714564800\" exec-time=\"0\" queue-time=\"0\" "
	    "op-digest=\"f2317cad3d54cec5d7d7aa7d0bf35cf8\"/>");
	/* The failure is the last failure; the monitor keeps its key. */
	U_CONTAINS(s, "<lrm_rsc_op id=\"a_last_failure_0\" "
	    "operation_key=\"a_monitor_10000\" operation=\"monitor\" "
	    "crm_feature_set=\"3.16.1\" transition-key=\"4:0:0:");
	U_CONTAINS(s, "exit-reason=\"gone\"");
	U_CONTAINS(s, "<lrm_rsc_op id=\"a_monitor_10000\" "
	    "operation_key=\"a_monitor_10000\"");
	U_CONTAINS(s, "op-digest=\"4811cef7f7f94e3a35a70be7916cb2fd\"");
	/* A digest the state gives is kept. */
	U_CONTAINS(s, "op-digest=\"0123\"");
	U_CONTAINS(s, "<lrm_resource id=\"p:0\" class=\"ocf\" "
	    "provider=\"pacemaker\" type=\"ping\">");
	U_CONTAINS(s, "<lrm_resource id=\"old\" class=\"ocf\" "
	    "provider=\"heartbeat\" type=\"Dummy\">");
}

static void
test_status_op_ids(void)
{
	/* Two starts: the second is told apart by its call id. */
	const char	*s = cib(HEAD "resource a ocf:pacemaker:Dummy\n",
	    "resource a on n1 {\n"
	    "    op start call=1 rc=0\n"
	    "    op stop call=2 rc=0\n"
	    "    op start call=3 rc=1 expected=0\n"
	    "    op start call=4 rc=0\n"
	    "    op monitor call=5 rc=7 id=a_last_0\n"
	    "}\n");

	U_CONTAINS(s, "<lrm_rsc_op id=\"a_start_0\" ");
	U_CONTAINS(s, "<lrm_rsc_op id=\"a_stop_0\" ");
	U_CONTAINS(s, "<lrm_rsc_op id=\"a_last_failure_0\" "
	    "operation_key=\"a_start_0\"");
	U_CONTAINS(s, "<lrm_rsc_op id=\"a_start_0_call_4\" ");
	U_CONTAINS(s, "<lrm_rsc_op id=\"a_last_0\" operation_key="
	    "\"a_monitor_0\"");
}

static void
test_status_fail_counts(void)
{
	const char	*s;

	/* Per-resource fail counts only: a feature set that reads them. */
	s = cib(HEAD "resource a ocf:pacemaker:Dummy\n",
	    "node n1 online { attr fail-count-a=1 }\n");
	U_CONTAINS(s, "<cib validate-with=\"pacemaker-3.9\" "
	    "crm_feature_set=\"3.0.12\"");
	U_CONTAINS(s, "name=\"fail-count-a\" value=\"1\"/>");
	/* Both kinds: the per-resource one as an operation's. */
	s = cib(HEAD "resource a ocf:pacemaker:Dummy\n",
	    "node n1 online { attr fail-count-a=1; fail-count a start "
	    "count=2 }\n");
	U_CONTAINS(s, "crm_feature_set=\"3.16.1\" admin_epoch");
	U_CONTAINS(s, "name=\"fail-count-a#any_0\" value=\"1\"/>");
	U_CONTAINS(s, "name=\"fail-count-a#start_0\" value=\"2\"/>");
}

static void
test_status_pending(void)
{
	/* A pending operation is the newest: transition -1 in its key. */
	U_CONTAINS(cib(HEAD "resource a ocf:pacemaker:Dummy\n",
	    "resource a on n1 {\n    op stop call=4 rc=0\n"
	    "    op start call=-1 rc=0 status=pending\n}\n"),
	    "transition-key=\"0:-1:0:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\" "
	    "transition-magic=\"-1:0;0:-1:0:");
}

/* --- the suites ----------------------------------------------------------- */

static const struct unit_test digest_tests[] = {
	{ "known digests", test_digest_known },
	{ "parameters, escaping, timeouts", test_digest_params },
	{ "inline clones", test_digest_clone },
	{ NULL, NULL }
};

static const struct unit_test config_tests[] = {
	{ "root and properties", test_cib_root },
	{ "nodes", test_cib_nodes },
	{ "primitives and ops", test_cib_primitive },
	{ "groups and clones", test_cib_clones },
	{ "locations and rules", test_cib_locations },
	{ "colocations", test_cib_colocations },
	{ "orders", test_cib_orders },
	{ "defaults and fencing", test_cib_defaults_fencing },
	{ "what cannot be exported", test_cib_problems },
	{ NULL, NULL }
};

static const struct unit_test status_tests[] = {
	{ "nodes and the cib element", test_status_nodes },
	{ "histories", test_status_histories },
	{ "operation ids", test_status_op_ids },
	{ "fail counts, per resource and per operation",
	  test_status_fail_counts },
	{ "pending operations", test_status_pending },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "digests", digest_tests },
	{ "configuration", config_tests },
	{ "status", status_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
