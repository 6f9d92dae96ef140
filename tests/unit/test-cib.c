/*
 * test-cib.c: unit tests of the CIB import: compiler/cib.c (the
 * configuration as .ha text) and scheduler/cib-status.c (the status as a
 * cluster state). Each test gives a small CIB inline and states the policy
 * written, or the warning that names what was not imported; every policy
 * written must also compile without errors.
 */
#include "config.h"

#include <stdlib.h>

#include "unit.h"
#include "sched.h"

/* --- helpers ------------------------------------------------------------ */

#define CONF(x)	"<cib><configuration>" x "</configuration><status/></cib>"
#define NODES2	"<nodes><node id=\"1\" uname=\"n1\"/>" \
		"<node id=\"2\" uname=\"n2\"/></nodes>"
#define HEAD2	"cluster pacemaker {\n    node n1 { id = 1 }\n" \
		"    node n2 { id = 2 }\n}\n"
#define PRIM(id) "<primitive id=\"" id "\" class=\"ocf\" " \
		"provider=\"pacemaker\" type=\"Dummy\"/>"

static const char	*last_warnings;

/* The messages of ctx's diagnostics of one level, one a line. */
static const char *
levels(struct ctx *ctx, enum diag_level level)
{
	struct buf	b;
	size_t		i;

	buf_init(&b);
	for (i = 0; i < ctx->diags.n; i++) {
		if (ctx->diags.v[i]->level == level)
			buf_printf(&b, "%s\n", ctx->diags.v[i]->msg);
	}
	if (b.data == NULL)
		buf_puts(&b, "");
	return unit_keep(buf_detach(&b));
}

/* The errors of compiling the policy text ("" when it compiles). */
static const char *
compile_errors(const char *text)
{
	struct ctx	*ctx = ctx_new();
	struct policy	*pol;
	const char	*s;

	pol = compile_load_text(ctx, UNIT_FILE, text, strlen(text));
	compile_policy(ctx, pol);
	s = levels(ctx, DIAG_ERROR);
	compile_free(pol);
	ctx_free(ctx);
	return s;
}

/*
 * Import xml: the policy written (checked to compile), or "ERROR: " and
 * the errors. The warnings go to last_warnings.
 */
static const char *
imp(const char *xml)
{
	struct ctx	*ctx = ctx_new();
	struct buf	 b;
	const char	*s;

	buf_init(&b);
	if (cib_import(ctx, "t.xml", xml, strlen(xml), &b) != 0)
		s = unit_printf("ERROR: %s", levels(ctx, DIAG_ERROR));
	else {
		s = unit_keep(buf_detach(&b));
		U_STREQ(compile_errors(s), "");
	}
	last_warnings = levels(ctx, DIAG_WARNING);
	buf_clear(&b);
	ctx_free(ctx);
	return s;
}

/* The policy written for xml, from its first line that starts with from. */
static const char *
imp_from(const char *xml, const char *from)
{
	const char	*s = imp(xml), *p;

	if (strncmp(s, from, strlen(from)) == 0)
		return s;
	p = strstr(s, unit_printf("\n%s", from));
	return p != NULL ? p + 1 : s;
}

/* --- cib.c: the cluster block ------------------------------------------- */

static void
test_nodes(void)
{
	U_STREQ(imp(CONF("<nodes>"
	    "<node id=\"1\" uname=\"n1\" type=\"member\">"
	    "<instance_attributes id=\"a\">"
	    "<nvpair id=\"a1\" name=\"site\" value=\"dc1\"/>"
	    "<nvpair id=\"a2\" name=\"standby\" value=\"on\"/>"
	    "<nvpair id=\"a3\" name=\"note\" value=\"two words\"/>"
	    "</instance_attributes>"
	    "<utilization id=\"u\"><nvpair id=\"u1\" name=\"cpu\" "
	    "value=\"4\"/></utilization></node>"
	    "<node id=\"uuid-2\" uname=\"n2\"/>"
	    "<node id=\"r1\" uname=\"remote1\" type=\"remote\"/>"
	    "</nodes>")),
	    "cluster pacemaker {\n"
	    "    node n1 { id = 1; standby = true; attr site=dc1 "
	    "note=\"two words\"; utilization cpu=4 }\n"
	    "    node n2\n"
	    "}\n");
	U_STREQ(last_warnings,
	    "/cib/configuration/nodes/node[@id='r1']: remote nodes are not "
	    "supported; not imported\n"
	    "/cib/configuration/nodes: node ids 'uuid-2' are not cluster "
	    "node ids (1 to 4294967295), the only node ids the language has; "
	    "not imported\n");
}

static void
test_properties(void)
{
	/* cib-bootstrap-options first, then by score; the first value wins. */
	U_STREQ(imp(CONF("<crm_config>"
	    "<cluster_property_set id=\"low\" score=\"1\">"
	    "<nvpair id=\"p1\" name=\"no-quorum-policy\" value=\"freeze\"/>"
	    "<nvpair id=\"p2\" name=\"symmetric-cluster\" value=\"false\"/>"
	    "</cluster_property_set>"
	    "<cluster_property_set id=\"high\" score=\"10\">"
	    "<nvpair id=\"p3\" name=\"no-quorum-policy\" value=\"ignore\"/>"
	    "</cluster_property_set>"
	    "<cluster_property_set id=\"cib-bootstrap-options\">"
	    "<nvpair id=\"p4\" name=\"fencing-enabled\" value=\"false\"/>"
	    "<nvpair id=\"p5\" name=\"dc-version\" value=\"2.1.5\"/>"
	    "<nvpair id=\"p6\" name=\"crmd-transition-delay\" value=\"2s\"/>"
	    "<nvpair id=\"p7\" name=\"maintenance-mode\" value=\"maybe\"/>"
	    "<nvpair id=\"p8\" name=\"cluster-name\" value=\"web\"/>"
	    "<nvpair id=\"p9\" name=\"no-such-option\" value=\"1\"/>"
	    "<nvpair id=\"p10\" name=\"fencing-action\" value=\"off\"/>"
	    "</cluster_property_set></crm_config>")),
	    "cluster web {\n"
	    "    property fencing-enabled=false\n"
	    "    property transition-delay=2s\n"
	    "    property maintenance-mode=false\n"
	    "    property cluster-name=web\n"
	    "    property stonith-action=off\n"
	    "    property no-quorum-policy=ignore\n"
	    "    property symmetric-cluster=false\n"
	    "}\n");
	U_CONTAINS(last_warnings, "/cib/configuration/crm_config: "
	    "'dc-version': maintained by the cluster, not configured; not "
	    "imported\n");
	U_CONTAINS(last_warnings, "nvpair[@id='p7']: 'maybe' for "
	    "'maintenance-mode' is not a boolean; Pacemaker reads it as "
	    "false\n");
	U_CONTAINS(last_warnings, "nvpair[@id='p9']: unknown cluster "
	    "property 'no-such-option'; not imported\n");
	U_CONTAINS(last_warnings, "nvpair[@id='p1']: 'no-quorum-policy' is "
	    "set again; Pacemaker keeps 'ignore'\n");
}

static void
test_defaults(void)
{
	U_STREQ(imp_from(CONF("<rsc_defaults><meta_attributes id=\"d\">"
	    "<nvpair id=\"d1\" name=\"resource-stickiness\" value=\"100\"/>"
	    "<nvpair id=\"d2\" name=\"migration-threshold\" value=\"3\"/>"
	    "</meta_attributes>"
	    "<meta_attributes id=\"r\"><rule id=\"r1\" score=\"0\">"
	    "<date_expression id=\"r2\" operation=\"gt\" start=\"2020\"/>"
	    "</rule><nvpair id=\"r3\" name=\"is-managed\" value=\"false\"/>"
	    "</meta_attributes>"
	    "<instance_attributes id=\"i\"><nvpair id=\"i1\" name=\"trace\" "
	    "value=\"1\"/></instance_attributes></rsc_defaults>"
	    "<op_defaults><meta_attributes id=\"o\">"
	    "<nvpair id=\"o1\" name=\"timeout\" value=\"60s\"/>"
	    "<nvpair id=\"o2\" name=\"record-pending\" value=\"true\"/>"
	    "</meta_attributes></op_defaults>"
	    "<resources>" PRIM("a") "</resources>"), "defaults"),
	    "defaults {\n"
	    "    resource-stickiness = 100\n"
	    "    migration-threshold = 3\n"
	    "}\n"
	    "op-defaults {\n"
	    "    timeout = 60s\n"
	    "    record-pending = true\n"
	    "}\n"
	    "\n"
	    "resource a ocf:pacemaker:Dummy {\n"
	    "    trace = 1\n"
	    "}\n");
	U_STREQ(last_warnings, "/cib/configuration/rsc_defaults/"
	    "meta_attributes[@id='r']: rules in attribute sets are not "
	    "supported; the set is not imported\n");
}

/* --- cib.c: resources --------------------------------------------------- */

static void
test_primitive(void)
{
	U_STREQ(imp_from(CONF(NODES2 "<resources>"
	    "<primitive id=\"vip\" class=\"ocf\" provider=\"heartbeat\" "
	    "type=\"IPaddr2\" description=\"the address\">"
	    "<instance_attributes id=\"p\">"
	    "<nvpair id=\"p1\" name=\"ip\" value=\"10.0.0.9\"/>"
	    "<nvpair id=\"p2\" name=\"group\" value=\"x\"/>"
	    "</instance_attributes>"
	    "<meta_attributes id=\"m\">"
	    "<nvpair id=\"m1\" name=\"target-role\" value=\"Master\"/>"
	    "<nvpair id=\"m2\" name=\"resource-stickiness\" value=\"5x\"/>"
	    "</meta_attributes>"
	    "<operations id=\"ops\">"
	    "<op id=\"o1\" name=\"monitor\" interval=\"10s\" timeout=\"20s\" "
	    "role=\"Slave\" on-fail=\"fence\"/>"
	    "<op id=\"o2\" name=\"start\" interval=\"0\" timeout=\"40s\"/>"
	    "<op id=\"o3\" name=\"monitor\" interval=\"60s\" enabled=\"false\">"
	    "<instance_attributes id=\"oi\"><nvpair id=\"oi1\" "
	    "name=\"OCF_CHECK_LEVEL\" value=\"10\"/><nvpair id=\"oi2\" "
	    "name=\"depth\" value=\"0\"/></instance_attributes>"
	    "<meta_attributes id=\"om\"><nvpair id=\"om1\" name=\"timeout\" "
	    "value=\"30s\"/></meta_attributes></op>"
	    "<op id=\"o4\" name=\"start\" interval=\"0s\" timeout=\"90s\"/>"
	    "<op id=\"o5\" name=\"monitor\" interval=\"20\" role=\"Master\"/>"
	    "<op id=\"o6\" name=\"monitor\" interval=\"20s\" "
	    "role=\"Slave\"/>"
	    "</operations>"
	    "<utilization id=\"u\"><nvpair id=\"u1\" name=\"cpu\" value=\"2\"/>"
	    "</utilization></primitive>"
	    "<primitive id=\"ipmi\" class=\"stonith\" type=\"fence_ipmilan\"/>"
	    "</resources>"), "resource"),
	    "resource vip ocf:heartbeat:IPaddr2 {\n"
	    "    ip = 10.0.0.9\n"
	    "    group = x\n"
	    "    op monitor interval=10s timeout=20s role=Unpromoted "
	    "on-fail=fence\n"
	    "    op start timeout=40s\n"
	    "    op monitor interval=60s enabled=false timeout=30s "
	    "OCF_CHECK_LEVEL=10\n"
	    "    meta target-role=Promoted resource-stickiness=5 "
	    "description=\"the address\"\n"
	    "    utilization cpu=2\n"
	    "}\n"
	    "\n"
	    "fence ipmi stonith:fence_ipmilan\n");
	U_CONTAINS(last_warnings, "nvpair[@id='m2']: '5x' for "
	    "'resource-stickiness' is not a score; Pacemaker reads it as 5\n");
	U_CONTAINS(last_warnings, "nvpair[@id='oi2']: operation parameter "
	    "'depth' is not supported");
	/* a second start: Pacemaker reads the first */
	U_CONTAINS(last_warnings, "op[@id='o4']: op start with interval "
	    "0s is defined twice (Pacemaker uses the first); not imported\n");
	/* a recurring op twice: Pacemaker runs neither (is_op_dup) */
	U_CONTAINS(last_warnings, "op[@id='o5']: op monitor with interval "
	    "20s is defined twice (Pacemaker schedules neither); not "
	    "imported\n");
	U_CONTAINS(last_warnings, "op[@id='o6']: op monitor with interval "
	    "20s is defined twice (Pacemaker schedules neither); not "
	    "imported\n");
}

static void
test_operations_ref(void)
{
	/* <operations id-ref> shares the ops of another primitive. */
	U_STREQ(imp_from(CONF("<resources>"
	    "<primitive id=\"a\" class=\"lsb\" type=\"a\"><operations "
	    "id=\"shared\"><op id=\"s1\" name=\"monitor\" interval=\"5s\"/>"
	    "</operations></primitive>"
	    "<primitive id=\"b\" class=\"systemd\" type=\"b@x\">"
	    "<operations id-ref=\"shared\"/></primitive>"
	    "<primitive id=\"c\" class=\"heartbeat\" type=\"c\"/>"
	    "</resources>"), "resource"),
	    "resource a lsb:a {\n"
	    "    op monitor interval=5s\n"
	    "}\n"
	    "\n"
	    "resource b systemd:b@x {\n"
	    "    op monitor interval=5s\n"
	    "}\n");
	U_STREQ(last_warnings, "/cib/configuration/resources/primitive"
	    "[@id='c']: resource class 'heartbeat' is not supported (ocf, lsb, "
	    "systemd, service or stonith); not imported\n");
}

static void
test_group(void)
{
	U_STREQ(imp_from(CONF(NODES2 "<resources>"
	    "<group id=\"g\" description=\"web\">"
	    "<instance_attributes id=\"gi\"><nvpair id=\"gi1\" name=\"dir\" "
	    "value=\"/srv\"/></instance_attributes>"
	    "<meta_attributes id=\"gm\"><nvpair id=\"gm1\" "
	    "name=\"target-role\" value=\"Stopped\"/><nvpair id=\"gm2\" "
	    "name=\"collocated\" value=\"true\"/></meta_attributes>"
	    PRIM("a")
	    "<primitive id=\"st\" class=\"stonith\" type=\"fence_x\"/>"
	    "<primitive id=\"b\" class=\"ocf\" provider=\"pacemaker\" "
	    "type=\"Dummy\"><instance_attributes id=\"bi\"><nvpair id=\"bi1\" "
	    "name=\"dir\" value=\"/b\"/></instance_attributes></primitive>"
	    "</group></resources>"), "fence"),
	    "fence st stonith:fence_x {\n"
	    "    dir = /srv\n"
	    "}\n"
	    "\n"
	    "group g {\n"
	    "    resource a ocf:pacemaker:Dummy {\n"
	    "        dir = /srv\n"
	    "    }\n"
	    "    st\n"
	    "    resource b ocf:pacemaker:Dummy {\n"
	    "        dir = /b\n"
	    "    }\n"
	    "    meta target-role=Stopped description=web\n"
	    "}\n");
	U_CONTAINS(last_warnings, "nvpair[@id='gm2']: 'collocated' is not in "
	    "the language; true is what a group is anyway; not imported\n");
}

/* meta container: imported when the language can hold it, else warned. */
static void
test_container(void)
{
#define CMETA(id, v) "<meta_attributes id=\"" id "m\"><nvpair id=\"" id \
		"c\" name=\"container\" value=\"" v "\"/></meta_attributes>"
#define FILLER(id, v) "<primitive id=\"" id "\" class=\"ocf\" " \
		"provider=\"pacemaker\" type=\"Dummy\">" CMETA(id, v) \
		"</primitive>"
	U_STREQ(imp_from(CONF(NODES2 "<resources>" PRIM("vm")
	    FILLER("check", "vm")
	    "<group id=\"g\">" CMETA("g", "box") PRIM("box") PRIM("app")
	    "</group>"
	    FILLER("self", "self") FILLER("lost", "nothing")
	    FILLER("ing", "g")
	    "<clone id=\"cl\">" FILLER("cf", "vm") "</clone>"
	    "</resources>"), "resource vm"),
	    "resource vm ocf:pacemaker:Dummy\n"
	    "\n"
	    "resource check ocf:pacemaker:Dummy {\n"
	    "    meta container=vm\n"
	    "}\n"
	    "\n"
	    "group g {\n"
	    "    resource box ocf:pacemaker:Dummy\n"
	    "    resource app ocf:pacemaker:Dummy\n"
	    "    meta container=box\n"
	    "}\n"
	    "\n"
	    "resource self ocf:pacemaker:Dummy\n"
	    "resource lost ocf:pacemaker:Dummy\n"
	    "resource ing ocf:pacemaker:Dummy\n"
	    "resource cf ocf:pacemaker:Dummy\n"
	    "clone cl of cf\n");
	U_CONTAINS(last_warnings, "nvpair[@id='selfc']: meta container=self "
	    "names the resource itself (Pacemaker ignores it); not "
	    "imported\n");
	U_CONTAINS(last_warnings, "nvpair[@id='lostc']: meta "
	    "container=nothing names no resource (Pacemaker ignores it); not "
	    "imported\n");
	U_CONTAINS(last_warnings, "nvpair[@id='ingc']: meta container=g names "
	    "what is not a primitive outside any clone; the language's "
	    "containers are such primitives; not imported\n");
	U_CONTAINS(last_warnings, "nvpair[@id='cfc']: meta container=vm is on "
	    "a cloned resource; the language's containers hold no clone "
	    "instances; not imported\n");
#undef FILLER
#undef CMETA
}

static void
test_clones(void)
{
	U_STREQ(imp_from(CONF(NODES2 "<resources>"
	    "<clone id=\"ping-clone\">" PRIM("ping")
	    "<meta_attributes id=\"c\"><nvpair id=\"c1\" name=\"interleave\" "
	    "value=\"true\"/></meta_attributes></clone>"
	    "<master id=\"ms\">" PRIM("drbd")
	    "<meta_attributes id=\"m\"><nvpair id=\"m1\" name=\"master-max\" "
	    "value=\"2\"/><nvpair id=\"m2\" name=\"notify\" value=\"true\"/>"
	    "</meta_attributes></master>"
	    "<clone id=\"pc\"><group id=\"g\">" PRIM("a") "</group>"
	    "<meta_attributes id=\"p\"><nvpair id=\"p1\" name=\"promotable\" "
	    "value=\"true\"/></meta_attributes></clone>"
	    "<clone id=\"fc\"><primitive id=\"f\" class=\"stonith\" "
	    "type=\"fence_x\"/></clone>"
	    "</resources>"
	    "<constraints><rsc_location id=\"l\" rsc=\"fc\" node=\"n1\" "
	    "score=\"10\"/></constraints>"), "resource"),
	    "resource ping ocf:pacemaker:Dummy\n"
	    "clone ping-clone of ping {\n"
	    "    meta interleave=true\n"
	    "}\n"
	    "resource drbd ocf:pacemaker:Dummy\n"
	    "promotable ms of drbd {\n"
	    "    meta promoted-max=2 notify=true\n"
	    "}\n"
	    "\n"
	    "group g {\n"
	    "    resource a ocf:pacemaker:Dummy\n"
	    "}\n"
	    "\n"
	    "promotable pc of g\n"
	    "fence f stonith:fence_x\n"
	    "clone fc of f\n"
	    "\n"
	    "location fc prefers n1 = 10 id=l\n");
}

static void
test_unsupported(void)
{
	imp("<cib no-quorum-panic=\"1\"><configuration><resources>"
	    "<bundle id=\"httpd-bundle\"><docker image=\"x\"/>"
	    "<primitive id=\"httpd\" class=\"ocf\" provider=\"heartbeat\" "
	    "type=\"apache\"/></bundle>"
	    "<template id=\"t\" class=\"ocf\" provider=\"pacemaker\" "
	    "type=\"Dummy\"/>"
	    "<primitive id=\"u\" template=\"t\"/>"
	    "<weird id=\"w\"/></resources>"
	    "<constraints><rsc_order id=\"o\" first=\"httpd\" then=\"u\"/></constraints>"
	    "<tags><tag id=\"tg\"><obj_ref id=\"u\"/></tag></tags>"
	    "<acls/><alerts/></configuration><status/></cib>");
	U_STREQ(last_warnings,
	    "/cib/configuration/tags: tags are not kept; constraints that "
	    "use one are imported with it expanded\n"
	    "/cib/configuration/acls: ACLs are not supported; not imported\n"
	    "/cib/configuration/alerts: alerts are not supported; not "
	    "imported\n"
	    "/cib: no-quorum-panic is not supported; not imported\n"
	    "/cib/configuration/resources/bundle[@id='httpd-bundle']: bundles "
	    "are not supported; not imported\n"
	    "/cib/configuration/resources/template[@id='t']: templates are "
	    "not supported; the primitives that use 't' are imported with it "
	    "expanded\n"
	    "/cib/configuration/resources/primitive[@id='u']: templates are "
	    "not supported; template 't' is expanded into 'u'\n"
	    "/cib/configuration/resources/weird[@id='w']: element <weird> is "
	    "not supported here; not imported\n"
	    "/cib/configuration/constraints/rsc_order[@id='o']: 'httpd' is a "
	    "bundle, which is not imported; not imported\n");
}

/* --- cib.c: constraints ------------------------------------------------- */

#define RSCS	"<resources>" PRIM("a") PRIM("b") PRIM("c") "</resources>"

static void
test_location(void)
{
	U_STREQ(imp_from(CONF(NODES2 RSCS "<constraints>"
	    "<rsc_location id=\"l1\" rsc=\"a\" node=\"n1\" score=\"INFINITY\"/>"
	    "<rsc_location id=\"l2\" rsc=\"a\" node=\"n2\" score=\"-50\"/>"
	    "<rsc_location id=\"l3\" rsc=\"b\" node=\"n2\" score=\"-INFINITY\" "
	    "resource-discovery=\"never\"/>"
	    "<rsc_location id=\"l4\" rsc=\"c\" node=\"n1\" score=\"7\" "
	    "role=\"Master\"/>"
	    "<rsc_location id=\"l5\" rsc=\"c\" node=\"n1\" score=\"7\" "
	    "role=\"Slave\"/>"
	    "<rsc_location id=\"l6\" rsc=\"c\" node=\"n9\" score=\"7\"/>"
	    "<rsc_location id=\"l7\" rsc=\"b\" node=\"n2\" score=\"INFINITY\"/>"
	    "</constraints>"), "location"),
	    "location a prefers n1 id=l1\n"
	    "location a prefers n2 = -50 id=l2\n"
	    "location b avoids n2 resource-discovery=never id=l3\n"
	    "location c prefers n1 = 7 role=Promoted id=l4\n"
	    "location c prefers n1 = 7 id=l5\n");
	U_STREQ(last_warnings,
	    "/cib/configuration/constraints/rsc_location[@id='l6']: 'n9' is "
	    "not a node of the cluster (Pacemaker ignores the constraint); not "
	    "imported\n"
	    "/cib/configuration/constraints/rsc_location[@id='l7']: 'b' is "
	    "banned from 'n2' by another constraint, which wins; not "
	    "imported\n");
}

static void
test_location_rules(void)
{
	U_STREQ(imp_from(CONF(NODES2 RSCS "<constraints>"
	    "<rsc_location id=\"l1\" rsc=\"a\">"
	    "<rule id=\"r1\" score=\"100\" boolean-op=\"or\">"
	    "<expression id=\"e1\" attribute=\"site\" operation=\"eq\" "
	    "value=\"dc 1\"/>"
	    "<rule id=\"r2\" boolean-op=\"and\">"
	    "<expression id=\"e2\" attribute=\"#uname\" operation=\"ne\" "
	    "value=\"n2\"/>"
	    "<expression id=\"e3\" attribute=\"cpu\" operation=\"gt\" "
	    "value=\"4\" type=\"integer\"/></rule></rule>"
	    "<rule id=\"r3\" score-attribute=\"pingd\">"
	    "<expression id=\"e4\" attribute=\"pingd\" "
	    "operation=\"defined\"/></rule></rsc_location>"
	    "<rsc_location id=\"l2\" rsc=\"b\">"
	    "<rule id=\"r4\" score=\"-INFINITY\" role=\"Master\">"
	    "<expression id=\"e5\" attribute=\"v\" operation=\"lt\" "
	    "value=\"1.5\"/></rule>"
	    "<rule id=\"r5\" score=\"5\"/>"
	    "<rule id=\"r6\" score=\"6\"><date_expression id=\"d\" "
	    "operation=\"gt\" start=\"2020-01-01\"/></rule>"
	    "<rule id=\"r7\" score=\"7\"><expression id=\"e6\" "
	    "attribute=\"x\" operation=\"lt\" value=\"abc\"/></rule>"
	    "</rsc_location></constraints>"), "location"),
	    "location a rule 100: site eq \"dc 1\" or (#uname ne n2 and cpu gt "
	    "integer:4) rule pingd: defined pingd id=l1\n"
	    "location b rule -INFINITY: v lt number:1.5 role=Promoted id=l2\n"
	    "location b rule 5: defined #uname rule 7: x lt string:abc\n");
	U_CONTAINS(last_warnings, "date_expression[@id='d']: date expressions "
	    "are not supported\n");
	U_CONTAINS(last_warnings, "rule[@id='r6']: rule not imported\n");
}

static void
test_location_pattern(void)
{
	U_STREQ(imp_from(CONF(NODES2 RSCS "<constraints>"
	    "<rsc_location id=\"l1\" rsc-pattern=\"^(a|b)$\">"
	    "<rule id=\"r1\" score-attribute=\"w-%1\"><expression id=\"e1\" "
	    "attribute=\"w-%1\" operation=\"defined\"/></rule>"
	    "</rsc_location></constraints>"), "location"),
	    "location a rule w-a: defined w-a id=l1\n"
	    "location b rule w-b: defined w-b\n");
	U_STREQ(last_warnings, "/cib/configuration/constraints/rsc_location"
	    "[@id='l1']: the language has no rsc-pattern; the constraint is "
	    "written for the resources it matches now: a, b\n");
}

static void
test_colocation(void)
{
	U_STREQ(imp_from(CONF(NODES2 "<resources>" PRIM("a") PRIM("b")
	    "<master id=\"ms\">" PRIM("c") "</master></resources>"
	    "<constraints>"
	    "<rsc_colocation id=\"c1\" rsc=\"a\" with-rsc=\"ms\" "
	    "with-rsc-role=\"Master\" score=\"INFINITY\"/>"
	    "<rsc_colocation id=\"c2\" rsc=\"b\" rsc-role=\"Started\" "
	    "with-rsc=\"a\" score=\"-100\" influence=\"false\" "
	    "node-attribute=\"site\"/>"
	    "<rsc_colocation id=\"c3\" score=\"INFINITY\">"
	    "<resource_set id=\"s1\" sequential=\"false\"><resource_ref "
	    "id=\"a\"/><resource_ref id=\"b\"/></resource_set>"
	    "<resource_set id=\"s2\" role=\"Master\"><resource_ref "
	    "id=\"ms\"/></resource_set></rsc_colocation>"
	    "<rsc_colocation id=\"c4\" score=\"500\">"
	    "<resource_set id=\"s3\"><resource_ref id=\"a\"/><resource_ref "
	    "id=\"b\"/></resource_set></rsc_colocation>"
	    "<rsc_colocation id=\"c5\" rsc=\"a\" with-rsc=\"zz\" "
	    "score=\"1\"/>"
	    "</constraints>"), "colocate"),
	    "colocate a with ms Promoted id=c1\n"
	    "colocate b with a -100 influence=false node-attribute=site id=c2\n"
	    "colocate (a b id=s1) with (ms role=Promoted id=s2) id=c3\n"
	    "colocate (a b id=s3) 500 id=c4\n");
	U_STREQ(last_warnings, "/cib/configuration/constraints/rsc_colocation"
	    "[@id='c5']: resource 'zz' does not exist (Pacemaker ignores the "
	    "constraint); not imported\n");
}

static void
test_node_attribute_lowered(void)
{
	struct ctx		*ctx = ctx_new();
	struct policy		*pol;
	struct model		*m;
	const char		*ha;

	ha = imp(CONF(NODES2 RSCS "<constraints><rsc_colocation id=\"c\" "
	    "rsc=\"a\" with-rsc=\"b\" score=\"10\" node-attribute=\"rack\"/>"
	    "</constraints>"));
	pol = compile_load_text(ctx, UNIT_FILE, ha, strlen(ha));
	m = compile_policy(ctx, pol);
	CU_ASSERT(m != NULL && m->ncolocations == 1 &&
	    strcmp(m->colocations[0]->node_attr, "rack") == 0);
	compile_free(pol);
	ctx_free(ctx);
}

static void
test_order(void)
{
	U_STREQ(imp_from(CONF(NODES2 "<resources>" PRIM("a") PRIM("b")
	    PRIM("c") "<master id=\"ms\">" PRIM("d") "</master>"
	    "<clone id=\"cl\">" PRIM("e") "</clone></resources>"
	    "<constraints>"
	    "<rsc_order id=\"o1\" first=\"a\" then=\"b\"/>"
	    "<rsc_order id=\"o2\" first=\"ms\" first-action=\"promote\" "
	    "then=\"c\"/>"
	    "<rsc_order id=\"o3\" first=\"ms\" first-action=\"demote\" "
	    "then=\"c\" then-action=\"stop\" kind=\"optional\" "
	    "symmetrical=\"false\"/>"
	    "<rsc_order id=\"o4\" first=\"a\" then=\"c\" score=\"0\"/>"
	    "<rsc_order id=\"o5\" first=\"b\" then=\"c\" kind=\"Serialize\"/>"
	    "<rsc_order id=\"o6\">"
	    "<resource_set id=\"s1\" sequential=\"false\" "
	    "require-all=\"false\"><resource_ref id=\"a\"/><resource_ref "
	    "id=\"b\"/></resource_set>"
	    "<resource_set id=\"s2\" action=\"promote\"><resource_ref "
	    "id=\"ms\"/></resource_set></rsc_order>"
	    "<rsc_order id=\"o7\"><resource_set id=\"s3\"><resource_ref "
	    "id=\"a\"/><resource_ref id=\"b\"/><resource_ref id=\"c\"/>"
	    "</resource_set></rsc_order>"
	    "<rsc_order id=\"o8\" first=\"a\" then=\"a\" then-action=\"stop\"/>"
	    "<rsc_order id=\"o9\" first=\"cl\" then=\"c\" "
	    "require-all=\"false\"/>"
	    "<rsc_order id=\"o10\" first=\"a\" then=\"c\" "
	    "require-all=\"false\"/>"
	    "</constraints>"), "order"),
	    "order a then b id=o1\n"
	    "order ms promote then c promote id=o2\n"
	    "order ms demote then c stop kind=Optional symmetrical=false "
	    "id=o3\n"
	    "order a then c kind=Optional id=o4\n"
	    "order b then c kind=Serialize id=o5\n"
	    "order (a b require-all=false id=s1) then (ms action=promote "
	    "id=s2) id=o6\n"
	    "order (a b c id=s3) id=o7\n"
	    "order cl then c require-all=false id=o9\n"
	    "order a then c id=o10\n");
	U_STREQ(last_warnings, "/cib/configuration/constraints/rsc_order"
	    "[@id='o10']: require-all=false on an order whose first is not a "
	    "clone has no effect in Pacemaker; not imported\n"
	    "/cib/configuration/constraints/rsc_order[@id='o8']: 'a' cannot be "
	    "ordered after itself; not imported\n");
}

static void
test_fencing_topology(void)
{
	U_STREQ(imp_from(CONF(NODES2 "<resources>"
	    "<primitive id=\"f1\" class=\"stonith\" type=\"fence_ipmilan\"/>"
	    "<primitive id=\"f2\" class=\"stonith\" type=\"fence_apc\"/>"
	    "</resources><fencing-topology>"
	    "<fencing-level id=\"l1\" target=\"n1\" index=\"1\" "
	    "devices=\"f1\"/>"
	    "<fencing-level id=\"l2\" target=\"n1\" index=\"2\" "
	    "devices=\"f1,f2\"/>"
	    "<fencing-level id=\"l3\" target-attribute=\"rack\" "
	    "target-value=\"r1\" index=\"1\" devices=\"f2\"/>"
	    "<fencing-level id=\"l4\" target-pattern=\"n.*\" index=\"3\" "
	    "devices=\"f2\"/>"
	    "</fencing-topology>"), "fencing-level"),
	    "fencing-level n1 1: f1\n"
	    "fencing-level n1 2: f1, f2\n"
	    "fencing-level rack=r1 1: f2\n");
	U_STREQ(last_warnings, "/cib/configuration/fencing-topology/"
	    "fencing-level[@id='l4']: target-pattern is not supported; not "
	    "imported\n");
}

static void
test_tickets(void)
{
	U_STREQ(imp_from(CONF("<resources>" PRIM("a") PRIM("b") PRIM("c")
	    "</resources><constraints>"
	    "<rsc_ticket id=\"t1\" rsc=\"a\" rsc-role=\"Started\" "
	    "ticket=\"ticketA\" loss-policy=\"Fence\"/>"
	    "<rsc_ticket id=\"t2\" ticket=\"ticketB\">"
	    "<resource_set id=\"s1\"><resource_ref id=\"a\"/>"
	    "<resource_ref id=\"b\"/></resource_set>"
	    "<resource_set id=\"s2\" role=\"Master\">"
	    "<resource_ref id=\"c\"/></resource_set></rsc_ticket>"
	    "<rsc_ticket id=\"t3\" rsc=\"c\" ticket=\"ticketC\" "
	    "loss-policy=\"later\"/>"
	    "<rsc_ticket id=\"t4\" rsc=\"nope\" ticket=\"ticketC\"/>"
	    "</constraints>"), "ticket"),
	    "ticket ticketA a loss-policy=fence id=t1\n"
	    "ticket ticketB (a b) id=s1\n"
	    "ticket ticketB c Promoted id=s2\n"
	    "ticket ticketC c id=t3\n");
	U_CONTAINS(last_warnings, "rsc_ticket[@id='t3']: unknown "
	    "loss-policy 'later'; Pacemaker uses the default\n");
	U_CONTAINS(last_warnings, "rsc_ticket[@id='t4']: resource 'nope' "
	    "does not exist (Pacemaker ignores the constraint); not "
	    "imported\n");
}

static void
test_tags(void)
{
	U_STREQ(imp_from(CONF("<resources>"
	    "<template id=\"t\" class=\"ocf\" provider=\"pacemaker\" "
	    "type=\"Dummy\"/>"
	    "<primitive id=\"a\" template=\"t\"/>" PRIM("b")
	    "<group id=\"g\"><primitive id=\"c\" template=\"t\"/></group>"
	    "</resources><constraints>"
	    "<rsc_colocation id=\"co\" rsc=\"t\" with-rsc=\"b\" "
	    "rsc-role=\"Started\" score=\"INFINITY\"/>"
	    "<rsc_order id=\"or\" first=\"b\" then=\"tg\" "
	    "then-action=\"stop\"/>"
	    "<rsc_ticket id=\"ti\" rsc=\"t\" ticket=\"T\"/>"
	    "<rsc_colocation id=\"co2\" score=\"INFINITY\">"
	    "<resource_set id=\"s\"><resource_ref id=\"b\"/>"
	    "<resource_ref id=\"tg\"/></resource_set></rsc_colocation>"
	    "</constraints><tags><tag id=\"tg\"><obj_ref id=\"a\"/>"
	    "<obj_ref id=\"c\"/></tag></tags>"), "colocate"),
	    "colocate (a c id=co-rsc) with (b id=co-with-rsc) id=co\n"
	    "order (b id=or-first) then (a c action=stop id=or-then) id=or\n"
	    "ticket T (a c) id=ti-rsc\n"
	    "colocate (b a c id=s) id=co2\n");
}

static void
test_not_a_cib(void)
{
	U_STREQ(imp("<cib"), "ERROR: t.xml:1: Couldn't find end of Start Tag "
	    "cib line 1\n");
	U_STREQ(imp("<html/>"), "ERROR: t.xml: not a CIB (no "
	    "<cib><configuration>)\n");
	U_STREQ(imp(CONF("")), "cluster pacemaker {}\n");
	/* The status is read through, not held: a broken one still fails,
	 * with the document parser's message. */
	U_STREQ(imp("<cib><configuration/><status>"), "ERROR: t.xml:1: "
	    "Premature end of data in tag status line 1\n");
	U_STREQ(imp("<cib><configuration/><status><node_state></status>"
	    "</cib>"), "ERROR: t.xml:1: Premature end of data in tag cib "
	    "line 1\n");
}

/* --- cib-status.c --------------------------------------------------------- */

#define STATUS_CIB \
	"<cib have-quorum=\"1\" dc-uuid=\"2\" execution-date=\"1500000000\">" \
	"<configuration>" NODES2 "</configuration><status>" \
	"<node_state id=\"1\" uname=\"n1\" in_ccm=\"true\" crmd=\"online\" " \
	"join=\"member\" expected=\"member\">" \
	"<transient_attributes id=\"1\"><instance_attributes id=\"s\">" \
	"<nvpair id=\"t1\" name=\"fail-count-a#monitor_10000\" value=\"3\"/>" \
	"<nvpair id=\"t2\" name=\"last-failure-a#monitor_10000\" " \
	"value=\"1499999999\"/>" \
	"<nvpair id=\"t3\" name=\"fail-count-b\" value=\"INFINITY\"/>" \
	"</instance_attributes></transient_attributes>" \
	"<lrm id=\"1\"><lrm_resources>" \
	"<lrm_resource id=\"a\" class=\"ocf\" provider=\"pacemaker\" " \
	"type=\"Dummy\">" \
	"<lrm_rsc_op id=\"a_last_0\" operation=\"start\" interval=\"0\" " \
	"call-id=\"4\" rc-code=\"0\" op-status=\"0\" " \
	"transition-key=\"1:2:0:abc\" last-rc-change=\"1499999000\" " \
	"op-digest=\"d1\" op-restart-digest=\"d2\"/>" \
	"<lrm_rsc_op id=\"a_monitor_10000\" operation=\"monitor\" " \
	"interval=\"10000\" call-id=\"5\" rc-code=\"7\" op-status=\"0\" " \
	"transition-key=\"2:2:0:abc\" exit-reason=\"gone\"/>" \
	"</lrm_resource></lrm_resources></lrm></node_state>" \
	"<node_state id=\"2\" uname=\"n2\" in_ccm=\"1720597967\" " \
	"crmd=\"1720597967\" join=\"member\" expected=\"member\"/>" \
	"<node_state id=\"9\" uname=\"n9\" in_ccm=\"true\"/>" \
	"</status></cib>"

static void
test_status(void)
{
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;
	struct oprec	*op;

	st = cib_status(ctx, STATUS_CIB, strlen(STATUS_CIB));
	CU_ASSERT_FATAL(st != NULL);
	CU_ASSERT_EQUAL(st->have_quorum, 1);
	U_STREQ(st->dc, "n2");
	CU_ASSERT_EQUAL(st->now, 1500000000);
	CU_ASSERT_EQUAL_FATAL(st->nnodes, 2);
	U_STREQ(st->nodes[0].name, "n1");
	CU_ASSERT_EQUAL(st->nodes[0].id, 1);
	CU_ASSERT(st->nodes[0].seen && st->nodes[0].in_ccm == 1 &&
	    st->nodes[0].crmd && st->nodes[0].join == JOIN_MEMBER &&
	    st->nodes[0].expected_up);
	/* Pacemaker 2.1.7's times mean "since then". */
	CU_ASSERT(st->nodes[1].seen && st->nodes[1].in_ccm == 1 &&
	    st->nodes[1].crmd);
	CU_ASSERT_EQUAL_FATAL(st->nodes[0].attrs.n, 3);
	U_STREQ(st->nodes[0].attrs.v[0].name, "fail-count-a#monitor_10000");
	U_STREQ(st->nodes[0].attrs.v[0].value, "3");
	/* Sorted by name, as a state keeps them. */
	U_STREQ(st->nodes[0].attrs.v[1].name, "fail-count-b");
	U_STREQ(st->nodes[0].attrs.v[2].name, "last-failure-a#monitor_10000");
	CU_ASSERT_EQUAL_FATAL(st->nhist, 1);
	U_STREQ(st->hist[0].rsc, "a");
	U_STREQ(st->hist[0].type, "Dummy");
	CU_ASSERT_EQUAL(st->hist[0].node, 0);
	CU_ASSERT_EQUAL_FATAL(st->hist[0].nops, 2);
	op = &st->hist[0].ops[0];
	U_STREQ(op->task, "start");
	CU_ASSERT(op->call_id == 4 && op->rc == 0 && op->status == 0 &&
	    op->expected_rc == 0 && op->last_rc_change == 1499999000);
	U_STREQ(op->digest, "d1");
	U_STREQ(op->restart_digest, "d2");
	op = &st->hist[0].ops[1];
	CU_ASSERT(op->interval_ms == 10000 && op->rc == 7);
	U_STREQ(op->exit_reason, "gone");
	U_STREQ(levels(ctx, DIAG_WARNING), "/cib/status/node_state[@id='9']: "
	    "node 'n9' is not a configured cluster node (Pacemaker ignores its "
	    "state); not read\n");
	ctx_free(ctx);
}

static void
test_status_unseen(void)
{
	static const char xml[] = "<cib><configuration>" NODES2
	    "</configuration><status><node_state id=\"2\" uname=\"n2\" "
	    "crmd=\"offline\"/></status></cib>";
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	st = cib_status(ctx, xml, strlen(xml));
	CU_ASSERT_FATAL(st != NULL);
	CU_ASSERT_EQUAL(st->have_quorum, 0);
	CU_ASSERT(st->dc == NULL && st->now == 0);
	CU_ASSERT(!st->nodes[0].seen);
	CU_ASSERT(st->nodes[1].seen && st->nodes[1].in_ccm == -1 &&
	    !st->nodes[1].crmd && st->nodes[1].join == JOIN_DOWN &&
	    !st->nodes[1].expected_up);
	ctx_free(ctx);
	ctx = ctx_new();
	CU_ASSERT(cib_status(ctx, "nope", 4) == NULL);
	CU_ASSERT(ctx->diags.nerrors == 1);
	ctx_free(ctx);
}

static void
test_status_streamed(void)
{
	static const char late[] = "<cib dc-uuid=\"2\"><status>"
	    "<node_state id=\"2\" uname=\"n2\" crmd=\"online\"/>"
	    "<node_state id=\"9\" uname=\"n9\"/></status>"
	    "<configuration>" NODES2 "</configuration></cib>";
	static const char broken[] = "<cib><configuration>" NODES2
	    "</configuration><status><node_state id=\"9\" uname=\"n9\"/>"
	    "<node_state></status></cib>";
	static const char tickets[] = "<cib><configuration>" NODES2
	    "</configuration><status><tickets><ticket_state id=\"T2\"/>"
	    "<ticket_state id=\"T1\" granted=\"true\"/></tickets>"
	    "<tickets><ticket_state id=\"T0\"/></tickets></status></cib>";
	struct ctx	*ctx = ctx_new();
	struct cstate	*st;

	/* A status before the configuration is read once the nodes are. */
	st = cib_status(ctx, late, strlen(late));
	CU_ASSERT_FATAL(st != NULL);
	CU_ASSERT(!st->nodes[0].seen && st->nodes[1].seen &&
	    st->nodes[1].crmd);
	U_STREQ(st->dc, "n2");
	U_STREQ(levels(ctx, DIAG_WARNING), "/cib/status/node_state[@id='9']: "
	    "node 'n9' is not a configured cluster node (Pacemaker ignores its "
	    "state); not read\n");
	ctx_free(ctx);
	/* A CIB that is not XML gives the error alone, though a warning was
	 * met before the parser stopped. */
	ctx = ctx_new();
	CU_ASSERT(cib_status(ctx, broken, strlen(broken)) == NULL);
	U_STREQ(levels(ctx, DIAG_ERROR), "the CIB is not XML: line 1: "
	    "Premature end of data in tag cib line 1\n");
	U_STREQ(levels(ctx, DIAG_WARNING), "");
	ctx_free(ctx);
	/* Each <tickets> is read alone; the states merge, sorted. */
	ctx = ctx_new();
	st = cib_status(ctx, tickets, strlen(tickets));
	CU_ASSERT_FATAL(st != NULL);
	CU_ASSERT_EQUAL_FATAL(st->ntickets, 3);
	U_STREQ(st->tickets[0].name, "T0");
	U_STREQ(st->tickets[1].name, "T1");
	CU_ASSERT(st->tickets[1].granted && !st->tickets[2].granted);
	ctx_free(ctx);
}

static const struct unit_test cluster_tests[] = {
	{ "nodes", test_nodes },
	{ "properties", test_properties },
	{ "defaults", test_defaults },
	{ "not a cib", test_not_a_cib },
	{ NULL, NULL }
};

static const struct unit_test resource_tests[] = {
	{ "primitive", test_primitive },
	{ "operations id-ref", test_operations_ref },
	{ "group", test_group },
	{ "container", test_container },
	{ "clones", test_clones },
	{ "unsupported", test_unsupported },
	{ NULL, NULL }
};

static const struct unit_test constraint_tests[] = {
	{ "location", test_location },
	{ "location rules", test_location_rules },
	{ "location pattern", test_location_pattern },
	{ "colocation", test_colocation },
	{ "node-attribute", test_node_attribute_lowered },
	{ "order", test_order },
	{ "fencing topology", test_fencing_topology },
	{ "tickets", test_tickets },
	{ "templates and tags in constraints", test_tags },
	{ NULL, NULL }
};

static const struct unit_test status_tests[] = {
	{ "status", test_status },
	{ "unseen", test_status_unseen },
	{ "streamed", test_status_streamed },
	{ NULL, NULL }
};

static const struct unit_suite suites[] = {
	{ "cluster", cluster_tests },
	{ "resources", resource_tests },
	{ "constraints", constraint_tests },
	{ "status", status_tests },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(suites, argc, argv);
}
