/*
 * runtime.h: the one internal header of runtime/, the daemon's side of
 * hacc: the event loop, the transports (sim, udp), packet sealing (wire),
 * the ring (total order and membership) and quorum. Prototypes are grouped
 * by source file, so reading this file shows the area's architecture:
 *
 *	ring (ring.c)  ->  wire (wire.c)  ->  transport (sim.c, udp.c)
 *	     \______________ loop (loop.c): timers, fds, signals ___/
 *
 * Times are microseconds of the loop's clock (monotonic in hacd, virtual
 * in the simulation). Node ids are the policy's `id` values (1..2^32-1).
 * Unless a comment says otherwise, pointer arguments are borrowed.
 */
#ifndef HACC_RUNTIME_H
#define HACC_RUNTIME_H

#include <sys/types.h>
#include <sys/uio.h>

#include <stddef.h>
#include <stdint.h>

/* loop.c */

/* A clock in microseconds; loop_new(NULL) uses CLOCK_MONOTONIC. */
struct loop_clock {
	uint64_t	(*now)(void *);
	void		 *arg;
};

/*
 * A timer is embedded in its owner and armed with loop_timer_add; the
 * loop keeps a pointer to it while it is pending (slot != LOOP_NOSLOT).
 * Timers due at the same time fire in the order they were armed.
 */
struct loop_timer {
	uint64_t	  when;
	uint64_t	  order;
	size_t		  slot;
	void		(*cb)(void *);
	void		 *arg;
};
#define LOOP_NOSLOT	((size_t)-1)

#define LOOP_READ	0x1
#define LOOP_WRITE	0x2

struct loop;

uint64_t	 loop_monotonic(void *);
uint64_t	 loop_realtime(void);
struct loop	*loop_new(const struct loop_clock *);
void		 loop_free(struct loop *);
uint64_t	 loop_now(struct loop *);
void		 loop_fd_add(struct loop *, int, int,
		    void (*)(int, int, void *), void *);
void		 loop_fd_events(struct loop *, int, int);
void		 loop_fd_del(struct loop *, int);
void		 loop_timer_init(struct loop_timer *, void (*)(void *),
		    void *);
void		 loop_timer_add(struct loop *, struct loop_timer *,
		    uint64_t);
void		 loop_timer_del(struct loop *, struct loop_timer *);
int		 loop_timer_pending(const struct loop_timer *);
int		 loop_next_timer(struct loop *, uint64_t *);
int		 loop_run_timers(struct loop *);
int		 loop_signal(struct loop *, int, void (*)(int, void *), void *,
		    char **);
void		 loop_child(struct loop *, pid_t,
		    void (*)(pid_t, int, void *), void *);
void		 loop_child_del(struct loop *, pid_t);
void		 loop_before_sleep(struct loop *, void (*)(void *), void *);
int		 loop_once(struct loop *, int);
void		 loop_run(struct loop *);
void		 loop_stop(struct loop *);

/* transport (sim.c, udp.c): datagrams to one member or to all. */
#define TRANSPORT_ALL	0u

struct transport;

struct transport_ops {
	const char	*name;
	/* Send len bytes to node id `to` (TRANSPORT_ALL: every other
	   member); 0, or -1 when the datagram could not be handed over. */
	int		(*send)(struct transport *, uint32_t, const void *,
			    size_t);
	/* Several datagrams at once (NULL: send is called for each). */
	int		(*sendv)(struct transport *, uint32_t,
			    const struct iovec *, size_t);
	void		(*free)(struct transport *);
};

/* What every transport counts. */
struct transport_stats {
	uint64_t	 sent;
	uint64_t	 received;
	uint64_t	 send_errors;
	uint64_t	 recv_errors;	/* longer than the MTU */
};

/*
 * The transport calls recv with each datagram it receives and a printable
 * name of where it came from (an address, "sim:3"), for diagnostics only:
 * the sender's identity is in the authenticated packet.
 */
struct transport {
	const struct transport_ops	*ops;
	size_t				 mtu;	/* largest datagram */
	void				(*recv)(void *, const uint8_t *,
					    size_t, const char *);
	void				*recv_arg;
	struct transport_stats		 stats;
};

int	 transport_send(struct transport *, uint32_t, const void *, size_t);
int	 transport_sendv(struct transport *, uint32_t, const struct iovec *,
	    size_t);
void	 transport_free(struct transport *);

/* sim.c: an in-memory network of transports on one loop. */
struct sim_rand {
	uint64_t	 s[4];
};

/* Faults applied to every datagram; probabilities in parts per million. */
struct sim_faults {
	uint32_t	 loss_ppm;
	uint32_t	 dup_ppm;
	uint64_t	 delay_min_us;
	uint64_t	 delay_max_us;	/* random delays reorder datagrams */
};

struct sim_stats {
	uint64_t	 sent;
	uint64_t	 delivered;
	uint64_t	 lost;
	uint64_t	 duplicated;
	uint64_t	 cut;		/* by a partition or a down node */
};

struct simnet;

void		 sim_rand_seed(struct sim_rand *, uint64_t);
uint64_t	 sim_rand_next(struct sim_rand *);
uint64_t	 sim_rand_below(struct sim_rand *, uint64_t);
struct simnet	*sim_new(struct loop *, uint64_t);
void		 sim_free(struct simnet *);
void		 sim_set_faults(struct simnet *, const struct sim_faults *);
void		 sim_partition(struct simnet *, uint32_t, int);
void		 sim_heal(struct simnet *);
void		 sim_stall(struct simnet *, uint32_t, uint64_t);
struct transport *sim_attach(struct simnet *, uint32_t, size_t);
const struct sim_stats *sim_stats(const struct simnet *);

/* udp.c: unicast UDP to each member, IPv4 or IPv6. */
struct udp_peer {
	uint32_t	 id;
	const char	*addr;		/* numeric address */
	int		 port;		/* 0: the ring's port */
};

struct transport *udp_new(struct loop *, uint32_t, const struct udp_peer *,
		    size_t, int, size_t, char **);

/* wire.c: sealing packets with the cluster key, and byte order. */
#define WIRE_KEY_LEN	32
#define WIRE_HEADER	36
#define WIRE_TAG	16
#define WIRE_OVERHEAD	(WIRE_HEADER + WIRE_TAG)
#define WIRE_PEERS	64

enum wire_result {
	WIRE_OK,
	WIRE_MALFORMED,		/* too short, bad magic or version */
	WIRE_FOREIGN,		/* another cluster's packet */
	WIRE_AUTH,		/* does not authenticate: another key */
	WIRE_REPLAY,		/* seen before, or an older boot */
	WIRE_SELF		/* our own packet came back */
};

struct wire_stats {
	uint64_t	 sealed;
	uint64_t	 opened;
	uint64_t	 malformed;
	uint64_t	 foreign;
	uint64_t	 auth;
	uint64_t	 replay;
};

/* A bounds-checked reader of a received packet: errors stick. */
struct wire_reader {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
	int		 error;
};

/* A writer into a fixed buffer: overflow sticks as an error. */
struct wire_writer {
	uint8_t		*p;
	size_t		 size;
	size_t		 off;
	int		 error;
};

struct wire;

struct wire	*wire_new(const uint8_t *, const char *, uint32_t, uint64_t,
		    uint64_t);
void		 wire_free(struct wire *);
size_t		 wire_seal(struct wire *, const uint8_t *, size_t, uint8_t *,
		    size_t);
enum wire_result wire_open(struct wire *, const uint8_t *, size_t, uint8_t *,
		    size_t, size_t *, uint32_t *);
const char	*wire_result_name(enum wire_result);
const struct wire_stats *wire_stats(const struct wire *);
int		 wire_key_read(const char *, uint8_t *, char **);
int		 wire_key_write(const char *, char **);
int		 wire_random(void *, size_t);
void		 wire_sha256(const void *, size_t, uint8_t *);
void		 wire_reader_init(struct wire_reader *, const uint8_t *,
		    size_t);
uint8_t		 wire_get8(struct wire_reader *);
uint16_t	 wire_get16(struct wire_reader *);
uint32_t	 wire_get32(struct wire_reader *);
uint64_t	 wire_get64(struct wire_reader *);
const uint8_t	*wire_getbytes(struct wire_reader *, size_t);
void		 wire_writer_init(struct wire_writer *, uint8_t *, size_t);
void		 wire_put8(struct wire_writer *, uint8_t);
void		 wire_put16(struct wire_writer *, uint16_t);
void		 wire_put32(struct wire_writer *, uint32_t);
void		 wire_put64(struct wire_writer *, uint64_t);
void		 wire_putbytes(struct wire_writer *, const void *, size_t);

/* ring.c: total order and membership. */
#define RING_MAX_NODES	32
#define RING_RTR_MAX	64
#define RING_GROUP_MAX	32
#define RING_MSG_MAX	(1024 * 1024)
#define RING_QUEUE_MAX	(8 * 1024 * 1024)

#define RING_SAFE	0x1	/* ring_mcast: deliver once all hold it */

enum ring_state {
	RING_GATHER,
	RING_COMMIT,
	RING_RECOVERY,
	RING_OPERATIONAL,
	RING_LEFT
};

enum ring_reason {
	RING_REASON_FAILED,	/* stopped answering */
	RING_REASON_LEAVE	/* announced its leave */
};

enum ring_log_level {
	RING_LOG_DEBUG,
	RING_LOG_INFO,
	RING_LOG_WARNING
};

/* A ring is named by its representative (lowest id) and a sequence. */
struct ring_id {
	uint32_t	 rep;
	uint64_t	 seq;
};

/*
 * A configuration change. A transitional one (members: those of the new
 * ring who were with us in the old one) comes first, then the regular
 * one of the new ring. joined and left are relative to the previous
 * regular configuration; reasons[i] says why left[i] left.
 */
struct ring_conf {
	int			 transitional;
	struct ring_id		 id;		/* the new ring */
	struct ring_id		 prev;		/* the ring we come from */
	const uint32_t		*members;
	size_t			 nmembers;
	const uint32_t		*joined;
	size_t			 njoined;
	const uint32_t		*left;
	const enum ring_reason	*reasons;
	size_t			 nleft;
};

struct ring_config {
	uint32_t		 self;
	const uint32_t		*nodes;		/* every configured node id */
	size_t			 nnodes;
	uint64_t		 token_us;	/* token loss timeout */
	uint64_t		 consensus_us;
	uint64_t		 join_us;
	uint64_t		 hold_us;	/* 0: token_us / (8 nodes) */
	unsigned int		 window_size;
	unsigned int		 max_messages;
	uint64_t		 boot_us;	/* unique per boot: ring seqs */
};

struct ring_callbacks {
	/* A message of a joined group, in the agreed (or safe) order. */
	void		(*deliver)(void *, uint32_t, const char *,
			    const uint8_t *, size_t);
	void		(*confchg)(void *, const struct ring_conf *);
	void		(*log)(void *, enum ring_log_level, const char *);
	void		 *arg;
};

struct ring_stats {
	uint64_t	 mcast_sent;		/* datagrams we originated */
	uint64_t	 msgs_sent;		/* application messages */
	uint64_t	 msgs_delivered;
	uint64_t	 retransmits;		/* datagrams we sent again */
	uint64_t	 rtr_requested;		/* seqs we asked for */
	uint64_t	 token_retransmits;
	uint64_t	 token_losses;
	uint64_t	 gathers;
	uint64_t	 configs;
	uint64_t	 malformed;		/* authenticated, undecodable */
	uint64_t	 foreign;		/* of other rings or configs */
	uint64_t	 reassembly_drops;
};

/* A decoded packet (ring_decode); pointers point into the packet. */
struct ring_info {
	uint8_t		 filled;
	struct ring_id	 old;
	uint64_t	 aru;
	uint64_t	 high;
	uint64_t	 safe;
};

struct ring_msg {
	uint8_t		 type;
	struct ring_id	 ring;		/* all but JOIN */
	/* MCAST */
	uint8_t		 flags;
	uint64_t	 seq;
	uint32_t	 origin;
	const uint8_t	*body;
	size_t		 bodylen;
	/* TOKEN and COMMIT */
	uint64_t	 hop;
	uint64_t	 aru;
	uint64_t	 aru_acc;
	uint16_t	 nrtr;
	uint64_t	 rtr[RING_RTR_MAX];
	uint8_t		 round;
	uint32_t	 members;
	struct ring_info info[RING_MAX_NODES];
	/* JOIN */
	uint64_t	 hash;
	uint64_t	 ring_seq;
	uint32_t	 proc;
	uint32_t	 fail;
	uint32_t	 left;		/* and COMMIT */
};

struct ring;

struct ring	*ring_new(struct loop *, struct transport *, struct wire *,
		    const struct ring_config *, const struct ring_callbacks *,
		    char **);
void		 ring_free(struct ring *);
int		 ring_join(struct ring *, const char *);
int		 ring_mcast(struct ring *, const char *, const void *, size_t,
		    int);
void		 ring_leave(struct ring *);
enum ring_state	 ring_state(const struct ring *);
const char	*ring_state_name(enum ring_state);
size_t		 ring_members(const struct ring *, struct ring_id *,
		    uint32_t *);
const struct ring_stats *ring_stats(const struct ring *);
uint64_t	 ring_heard(const struct ring *, uint32_t);
int		 ring_decode(const uint8_t *, size_t, struct ring_msg *);

/* quorum.c: votequorum's rules over the ring's configurations. */
struct quorum_config {
	const uint32_t	*ids;		/* every configured node */
	const int	*votes;		/* each one's votes */
	size_t		 n;
	int		 expected_votes;	/* 0: the sum of votes */
	int		 two_node;
	int		 wait_for_all;
	int		 last_man_standing;
	uint64_t	 lms_window_us;
	int		 auto_tie_breaker;
	const uint32_t	*atb_nodes;	/* in priority order; NULL with */
	size_t		 atb_n;		/* atb_lowest/highest below */
	int		 atb_highest;	/* no list: 0 lowest, 1 highest */
};

struct quorum_status {
	int		 quorate;
	int		 expected;	/* expected votes now */
	int		 total;		/* votes of the members */
	int		 needed;	/* votes needed for quorum */
	int		 waiting;	/* wait_for_all still blocks */
	int		 tie_broken;	/* quorate by auto_tie_breaker */
};

struct quorum;

struct quorum	*quorum_new(struct loop *, const struct quorum_config *,
		    void (*)(void *, const struct quorum_status *), void *,
		    char **);
void		 quorum_free(struct quorum *);
void		 quorum_members(struct quorum *, const uint32_t *, size_t);
const struct quorum_status *quorum_status(const struct quorum *);

/*
 * exec.c: one agent action at a time, asynchronously on the loop: OCF
 * agents, LSB init scripts, systemd units through systemctl, service:
 * (systemd where it runs, else LSB) and fence agents (options on stdin).
 * Each run has its own process group and deadline (SIGTERM, then SIGKILL
 * after a grace period); output is captured up to a bound; the result is
 * an OCF exit code and an execution status.
 */
enum exec_class {
	EXEC_OCF,
	EXEC_LSB,
	EXEC_SYSTEMD,
	EXEC_SERVICE,		/* systemd if it runs, else LSB */
	EXEC_FENCE
};

enum exec_status {
	EXEC_DONE,		/* the agent ran and exited: see rc */
	EXEC_CANCELLED,		/* exec_cancel() */
	EXEC_TIMEOUT,		/* killed at its deadline */
	EXEC_NOT_SUPPORTED,	/* the class or action cannot run here */
	EXEC_NOT_INSTALLED,	/* no such agent, script or systemctl */
	EXEC_INVALID,		/* a bad request: names, sizes */
	EXEC_ERROR		/* could not run, or killed by a signal */
};

struct exec_param {
	const char	*name;
	const char	*value;
};

/*
 * What to run; borrowed by exec_run() for the call only. Parameters
 * become OCF_RESKEY_<name>, meta attributes OCF_RESKEY_CRM_meta_<name>
 * ('-' turned to '_') besides interval, timeout and name, which come from
 * the fields.
 */
struct exec_request {
	enum exec_class		 cls;
	const char		*provider;	/* OCF only */
	const char		*type;		/* agent, script or unit */
	const char		*rsc;		/* OCF_RESOURCE_INSTANCE */
	const char		*action;	/* start, monitor, ... */
	uint64_t		 interval_ms;
	uint64_t		 timeout_ms;	/* 0: the executor's default */
	int			 check_level;	/* OCF_CHECK_LEVEL, -1: none */
	const struct exec_param	*params;
	size_t			 nparams;
	const struct exec_param	*meta;
	size_t			 nmeta;
	const char		*input;		/* standard input, or NULL */
	size_t			 inputlen;
};

/* A result; borrowed by the callback for the call only. */
struct exec_result {
	enum exec_status	 status;
	int			 rc;		/* OCF_OK, ... (model.h) */
	int			 exit_code;	/* as the agent exited, or -1 */
	int			 signo;		/* what ended it, or 0 */
	const char		*reason;	/* exit reason, or NULL */
	const char		*out;		/* standard output, captured */
	size_t			 outlen;
	int			 out_truncated;
	const char		*err;		/* standard error, captured */
	size_t			 errlen;
	int			 err_truncated;
	uint64_t		 started;	/* the loop's clock */
	uint64_t		 ended;
};

/* Where agents live and how they run; NULL and 0 fields take defaults. */
struct exec_config {
	const char		*ocf_root;	/* /usr/lib/ocf */
	const char		*lsb_dir;	/* /etc/init.d */
	const char		*fence_dir;	/* /usr/sbin */
	const char		*systemctl;	/* /usr/bin/systemctl */
	const char		*systemd_dir;	/* /run/systemd/system */
	const char		*path;		/* the agents' PATH */
	const char *const	*env;		/* more NAME=VALUE, NULL-ended */
	uint64_t		 timeout_ms;	/* default 20 s */
	uint64_t		 kill_grace_ms;	/* SIGTERM to SIGKILL, 5 s */
	size_t			 output_max;	/* per stream, 256 KiB */
};

#define EXEC_INPUT_MAX		(32 * 1024)
#define EXEC_ENV_MAX		(256 * 1024)
#define EXEC_REASON_MAX		256
#define EXEC_REASON_PREFIX	"ocf-exit-reason:"

struct arena;
struct exec;
struct exec_op;
struct instance;
struct model;

typedef void	 exec_cb(void *, const struct exec_result *);

struct exec	*exec_new(struct loop *, const struct exec_config *);
void		 exec_free(struct exec *);
struct loop	*exec_loop(struct exec *);
void		 exec_request_init(struct exec_request *);
const struct resource *exec_clone_of(const struct resource *);
int		 exec_request_instance(struct arena *, struct exec_request *,
		    const struct model *, const struct instance *,
		    const char *, uint64_t, char **);
struct exec_op	*exec_run(struct exec *, const struct exec_request *,
		    exec_cb *, void *);
void		 exec_cancel(struct exec_op *);
void		 exec_abandon(struct exec_op *);
size_t		 exec_running(const struct exec *);
int		 exec_systemd_running(const struct exec *);
const char	*exec_status_name(enum exec_status);
const char	*exec_rc_name(int);
const char	*exec_class_name(enum exec_class);
int		 exec_map_exit(enum exec_class, const char *, int);

/* recur.c: recurring operations, and what a probe found. */
enum probe_state {
	PROBE_STOPPED,		/* not running, or not installed here */
	PROBE_STARTED,
	PROBE_PROMOTED,
	PROBE_FAILED		/* active and failed */
};

struct recur;

typedef void	 recur_cb(void *, const char *, const struct exec_result *,
		    int);

struct recur	*recur_new(struct exec *);
void		 recur_free(struct recur *);
const char	*recur_key(struct arena *, const char *, const char *,
		    uint64_t);
void		 recur_copy_request(struct arena *, struct exec_request *,
		    const struct exec_request *);
int		 recur_add(struct recur *, const struct exec_request *,
		    recur_cb *, void *, char **);
int		 recur_cancel(struct recur *, const char *, const char *,
		    uint64_t);
size_t		 recur_cancel_rsc(struct recur *, const char *);
size_t		 recur_count(const struct recur *);
uint64_t	 recur_runs(struct recur *, const char *);
int		 recur_expected(const struct exec_result *, int);
enum probe_state recur_probe_state(const struct exec_result *);
const char	*recur_probe_name(enum probe_state);

/* metadata.c: what an agent's meta-data declares. */
struct metadata;

struct metadata	*metadata_parse(const char *, size_t, char **);
void		 metadata_free(struct metadata *);
const char	*metadata_name(const struct metadata *);
int		 metadata_has_param(const struct metadata *, const char *);
int		 metadata_has_action(const struct metadata *, const char *);
size_t		 metadata_nactions(const struct metadata *);

/* fence.c: fencing a node with the policy's devices and levels. */
struct fence_result {
	int		 ok;
	const char	*target;
	const char	*action;
	const char	*device;	/* that fenced it, or NULL */
	int		 level;		/* its level, or 0 without levels */
	const char	*reason;	/* the failures on the way, or NULL */
	uint64_t	 ms;
};

struct fencer;
struct model;

typedef void	 fence_cb(void *, const struct fence_result *);
typedef void	 fence_can_cb(void *, int, const char *);

struct fencer	*fence_new(struct exec *, const struct model *, uint64_t,
		    char **);
void		 fence_free(struct fencer *);
int		 fence_can(struct fencer *, const char *, const char *,
		    fence_can_cb *, void *, char **);
int		 fence_device_request(struct fencer *, const char *,
		    const char *, struct arena *, struct exec_request *, char **);
int		 fence_device_run(struct fencer *, const char *, const char *,
		    const char *, exec_cb *, void *, char **);
void		 fence_node(struct fencer *, const char *, const char *,
		    const char *, fence_cb *, void *);

/*
 * rstate.c: the replicated cluster state: the active policy, node
 * attributes and operation histories, changed identically on every node
 * by the ring's agreed messages (rm.c); encoded for snapshots and the
 * state file. The model and cstate live in ctx's arena.
 */
struct buf;
struct ctx;
struct cstate;
struct oprec;

/* A permanent node attribute (standby, ...); strings owned. */
struct rstate_attr {
	char			*node;
	char			*name;
	char			*value;
};

/* An operator's constraint (hacc move, ban); strings owned. */
struct rstate_con {
	char			*rsc;
	char			*node;
	int			 prefer;	/* else avoids */
};

enum rstate_cons {
	RSTATE_MOVE,
	RSTATE_BAN,
	RSTATE_CLEAR
};

/* An event of the cluster log (hacc history); strings owned. */
struct rstate_entry {
	uint64_t		 seq;		/* 1, 2, ... in ring order */
	int64_t			 time;		/* epoch seconds */
	char			*node;		/* where it came from */
	char			*kind;		/* deploy, operator, ... */
	char			*text;
};

#define RSTATE_EVENTS		500	/* the log keeps the last ones */
#define RSTATE_EVENT_MAX	512	/* bytes of a text */

struct rstate {
	struct ctx		*ctx;
	struct model		*m;		/* NULL: nothing deployed */
	struct cstate		*st;		/* histories, transient attrs,
						   nstate.expected_up */
	char			*policy;	/* its text, or NULL */
	size_t			 policylen;
	uint64_t		 epoch;		/* deploys so far */
	char			 digest[65];	/* SHA-256 of the text, hex */
	uint64_t		 version;	/* updates applied, ever */
	struct rstate_attr	*perm;		/* permanent attributes */
	size_t			 nperm;
	struct rstate_con	*cons;		/* in the model too */
	size_t			 ncons;
	int			 maintenance;	/* hacc maintenance on */
	struct rstate_entry	*events;	/* oldest first */
	size_t			 nevents;
	unsigned int		 since_compact;
};

/* An operation's result, as the node that ran it reports it. */
struct rstate_result {
	const char		*node;
	const char		*rsc;
	const char		*task;
	uint64_t		 interval_ms;
	int			 rc;
	int			 status;	/* enum op_status */
	int			 expected_rc;
	int64_t			 time;		/* epoch seconds */
	const char		*reason;
};

enum rstate_event {
	RSTATE_UP,		/* its daemon starts: no history */
	RSTATE_DOWN,		/* it left cleanly */
	RSTATE_FENCED		/* it was fenced: no history */
};

struct rstate	*rstate_new(void);
void		 rstate_free(struct rstate *);
int		 rstate_check(const char *, size_t, const char *, char **);
int		 rstate_deploy(struct rstate *, const char *, size_t, char **);
const struct oprec *rstate_op(struct rstate *, const struct rstate_result *);
void		 rstate_attr(struct rstate *, const char *, const char *,
		    const char *, int);
const char	*rstate_perm(const struct rstate *, const char *,
		    const char *);
void		 rstate_node_event(struct rstate *, const char *,
		    enum rstate_event);
void		 rstate_cleanup(struct rstate *, const char *, const char *,
		    int);
void		 rstate_constraint(struct rstate *, enum rstate_cons,
		    const char *, const char *);
void		 rstate_maintenance(struct rstate *, const char *, int);
int		 rstate_log_kind(const char *);
void		 rstate_log(struct rstate *, int64_t, const char *,
		    const char *, const char *);
void		 rstate_encode(const struct rstate *, struct buf *);
struct rstate	*rstate_decode(const char *, size_t, char **);
int		 rstate_save(const struct rstate *, const char *, char **);
struct rstate	*rstate_load(const char *, char **);

/*
 * rm.c: the resource manager of a node on the ring's group "rm": the
 * replicated state's updates in agreed order, synchronisation on joins,
 * running what the coordinator asks, the operator's commands. coord.c:
 * the coordinator (scheduler runs and transition graphs).
 */
struct coord;
struct fencer;
struct rm_held;
struct rm_last;
struct rm_mon;
struct rm_run;

struct rm {
	struct loop		*loop;
	struct ring		*ring;
	char			*cluster;
	char *const		*names;		/* configured nodes, borrowed */
	const uint32_t		*ids;
	size_t			 n;
	size_t			 self;
	char			*statedir;	/* NULL: not saved */
	struct rstate		*rs;
	int			 dirty;		/* not saved yet */
	uint64_t		 malformed;	/* messages dropped */
	/* membership */
	struct ring_id		 conf;
	uint32_t		 members[RING_MAX_NODES];
	size_t			 nmembers;
	int			 quorate;
	int			 was_quorate;	/* in the previous conf */
	int			 quorum_logged;	/* what we logged, or -1 */
	uint8_t			 ready[RING_MAX_NODES];	/* announced */
	uint8_t			 left_clean[RING_MAX_NODES];
	/* synchronisation */
	int			 syncing;
	int			 synced_once;
	uint8_t			 got[RING_MAX_NODES];
	uint8_t			 must_up[RING_MAX_NODES];
	struct rm_msg		*snap;		/* per node: what it sent */
	uint8_t			*best;		/* the best snapshot so far */
	size_t			 bestlen;
	struct rm_msg		*bestmsg;
	uint32_t		 best_origin;
	struct rm_held		*held;		/* updates kept aside */
	size_t			 nheld;
	/* running agents */
	struct exec		*x;
	struct recur		*recur;
	struct rm_run		*runs;
	struct rm_mon		*mons;
	struct rm_last		*lasts;		/* started with */
	struct ctx		*fctx;		/* the fencer's policy */
	struct model		*fm;
	struct fencer		*fencer;
	uint64_t		 fence_epoch;
	int			 fencing;
	char			**fdevs;	/* fence devices started here */
	size_t			 nfdevs;
	/* leaving */
	int			 shutting_down;
	int			 leaving;	/* our RM_NODE down is sent */
	int			 left;		/* leave_cb was called */
	struct loop_timer	 shutdown_timer;
	struct loop_timer	 leave_timer;
	struct loop_timer	 queue_timer;	/* runs waiting */
	struct loop_timer	 trim_timer;	/* a quiet moment to trim */
	int			 freeing;
	void			(*leave_cb)(void *);
	void			*leave_arg;
	struct coord		*coord;
};

struct exec_config;

struct rm	*rm_new(struct loop *, struct ring *, const char *,
		    char *const *, const uint32_t *, size_t, size_t,
		    const char *, const struct exec_config *,
		    void (*)(void *), void *, char **);
/*
 * What the coordinator asks a node to run (rm_send_exec): a resource's
 * operation, fencing (task "stonith") or "do_shutdown".
 */
struct rm_exec_args {
	const char		*node;		/* where it runs */
	const char		*rsc;		/* the instance ("drbd:1"), or "" */
	const char		*hist;		/* the history its results go in:
						   "drbd" for an instance of an
						   anonymous clone, as
						   Pacemaker records it */
	const char		*task;
	uint64_t		 interval_ms;
	uint64_t		 timeout_ms;
	int			 expected_rc;
	const char		*target;	/* stonith: the node to fence */
	const char		*action;	/* stonith: reboot, off, on */
	const char		*meta;		/* more meta attributes, as
						   "name=value" lines (a notify's
						   notify_type, ...), or "" */
};

void		 rm_free(struct rm *);
void		 rm_deliver(struct rm *, uint32_t, const uint8_t *, size_t);
void		 rm_confchg(struct rm *, const struct ring_conf *);
void		 rm_quorum(struct rm *, int);
void		 rm_flush(struct rm *);
char		*rm_deploy(struct rm *, const char *, size_t);
char		*rm_command(struct rm *, char **, size_t);
char		*rm_attr_command(struct rm *, char **, size_t, const char *,
		    size_t);
void		 rm_shutdown(struct rm *, uint64_t);
void		 rm_leave(struct rm *);
void		 rm_status(struct rm *, struct buf *, int);
size_t		 rm_index(const struct rm *, uint32_t);
size_t		 rm_index_name(const struct rm *, const char *);
int		 rm_is_member(const struct rm *, size_t);
int		 rm_send_exec(struct rm *, uint32_t, uint32_t,
		    const struct rm_exec_args *);
#define RM_CLEANUP_HISTORY	0x1	/* the history too, not only failures */
#define RM_CLEANUP_COORD	0x2	/* a transition's, not an operator's */
int		 rm_send_cleanup(struct rm *, const char *, const char *, int);
void		 rm_send_node_event(struct rm *, const char *,
		    enum rstate_event);
int		 rm_send_attr(struct rm *, const char *, const char *,
		    const char *, int);
void		 rm_send_event(struct rm *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* A result for the coordinator: an RM_OP or RM_DONE of an action. */
struct coord_result {
	uint32_t		 coord;
	uint32_t		 tid;
	uint32_t		 aid;
	int			 rc;
	int			 status;
	int			 expected_rc;
	const char		*reason;
};

struct coord	*coord_new(struct rm *);
void		 coord_free(struct coord *);
int		 coord_active(const struct coord *);
struct cstate	*coord_cstate(struct rm *, struct ctx *);
void		 coord_input(struct coord *);
void		 coord_membership(struct coord *);
void		 coord_done(struct coord *, const struct coord_result *);
int		 coord_expects(const struct coord *, uint32_t, uint32_t);
int		 coord_fencing(const struct coord *, const char *);
void		 coord_status(const struct coord *, struct buf *, int);

/* log.c: the daemon's log (stderr or syslog), level and subsystem. */
enum log_level {
	LOG_LEVEL_DEBUG,
	LOG_LEVEL_INFO,
	LOG_LEVEL_NOTICE,
	LOG_LEVEL_WARNING,
	LOG_LEVEL_ERROR
};

void		 log_open(const char *, int, enum log_level);
const char	*log_level_name(enum log_level);
void		 log_msg(enum log_level, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
void		 log_warn(const char *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 log_warnx(const char *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* control.c: the control socket, server and client. */
struct control;

struct control	*control_open(struct loop *, const char *,
		    char *(*)(void *, const char *, const char *, size_t),
		    void *, char **);
void		 control_close(struct control *);
int		 control_request(const char *, const char *, const char *,
		    size_t, char **, char **);

/* daemon.c: hacd from a checked policy. */
struct ctx;
struct model;
struct daemon;

int		 daemon_check(struct ctx *, const struct model *, const char *,
		    char **);
struct daemon	*daemon_new(struct ctx *, const struct model *, const char *,
		    const char *, const char *, const struct exec_config *,
		    char **);
void		 daemon_run(struct daemon *);
void		 daemon_free(struct daemon *);
char		*daemon_status(struct daemon *, int);

#endif /* HACC_RUNTIME_H */
