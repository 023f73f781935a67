package io.cqkd.keygen;

/** The KRPC extension queries of CQKD; a DHT node that does not know one answers error 204. */
public final class Methods {
    public static final String ROLE_REQUEST = "cqkd_role_request";
    public static final String ROLE_RELEASE = "cqkd_role_release";
    public static final String SPIN = "cqkd_qsg_spin";
    public static final String BASIS = "cqkd_bg_basis";
    public static final String POLARIZE = "cqkd_qpp_polarize";
    public static final String PHOTON = "cqkd_qpm_photon";
    public static final String MEASURE = "cqkd_qpm_measure";
    public static final String COLLIDE = "cqkd_qpc_collide";
    public static final String NOTIFY_BOB = "cqkd_bob_notify";
    public static final String BOB_DONE = "cqkd_bob_done";
    public static final String SIFT = "cqkd_bob_sift";
    public static final String SAMPLE = "cqkd_bob_sample";
    public static final String PARITY = "cqkd_bob_parity";
    public static final String FLIP = "cqkd_bob_flip";
    public static final String FINISH = "cqkd_bob_finish";

    private Methods() {}
}
