package credentials

import (
	"testing"

	"github.com/dredge-dev/dredge/classifiers/classifierstest"
)

func TestPassword(t *testing.T) {
	const (
		p1 = "pnLGAqKCFVxg"
		p2 = "Y4Uvgkm#rtQ4"
		p3 = "nsqK^d?N:.qG"
		p4 = "R:+YF2V^14vO"
		p5 = "wn3Qr+T7hiEo"
		p6 = "6eTqF7Z83p9u"
	)
	classifierstest.Run(t, Password, []classifierstest.Case{
		// Prose and dotted random values.
		{Text: "Your temporary password is: F!F%XI6tsgi8. Change it soon.", Want: []string{"F!F%XI6tsgi8"}},
		{Text: "password: zV92d1de0Zy.M", Want: []string{"zV92d1de0Zy.M"}},
		{Text: "The password is required."},
		{Text: "Your password is incorrect, try again"},
		{Text: "password was changed successfully"},
		{Text: "password: config.db.password"},
		{Text: "password = settings.DB_PASSWORD"},
		// Configuration files.
		{Text: "DB_HOST=db01\nDB_PASSWORD=" + p2 + "\n", Want: []string{p2}},
		{Text: `{"user": "app", "password": "` + p3 + `", "port": 5432}`, Want: []string{p3}},
		{Text: "database:\n  username: app\n  password: '" + p4 + "'\n", Want: []string{p4}},
		{Text: "spring.datasource.password=" + p5, Want: []string{p5}},
		{Text: "[client]\npasswd = " + p1 + "   # prod\n", Want: []string{p1}},
		{Text: "Server=db01;Database=ledger;User Id=app;Password=" + p6 + ";Encrypt=true", Want: []string{p6}},
		{Text: "Driver={ODBC Driver 18};Uid=app;Pwd=" + p1 + ";", Want: []string{p1}},
		{Text: `{"config": "{\"db_password\": \"` + p3 + `\"}"}`, Want: []string{p3}},
		{Text: "<dataSource><user>app</user><password>" + p6 + "</password></dataSource>", Want: []string{p6}},
		{Text: `<add key="SmtpPassword" value="` + p1 + `" />`, Want: []string{p1}},
		{Text: "$config['db']['pass'] = '" + p5 + "';", Want: []string{p5}},
		{Text: "conn = psycopg2.connect(host='db01', user='app', password='" + p4 + "')", Want: []string{p4}},
		{Text: "user,pass\r\nPASS: " + p2 + "\r\n", Want: []string{p2}},
		// Logs, SQL, command lines.
		{Text: "2024-05-01 12:00:01 DEBUG login user=alice password=" + p2 + " ip=10.2.3.4", Want: []string{p2}},
		{Text: "CREATE USER 'app'@'%' IDENTIFIED BY '" + p1 + "';", Want: []string{p1}},
		{Text: "ALTER USER 'app'@'%' IDENTIFIED WITH mysql_native_password BY '" + p6 + "';", Want: []string{p6}},
		{Text: "ALTER ROLE app WITH LOGIN PASSWORD '" + p2 + "';", Want: []string{p2}},
		{Text: "mysql -u root -p'" + p3 + "' ledger < dump.sql", Want: []string{p3}},
		{Text: "mysqldump -h db01 -u backup -p" + p5 + " --all-databases > all.sql", Want: []string{p5}},
		{Text: "docker login -u ci --password " + p6 + " registry.internal", Want: []string{p6}},
		{Text: "machine ftp.ledger.internal login deploy password " + p5, Want: []string{p5}},
		{Text: "smtp_pass=" + p1 + "&smtp_user=alerts", Want: []string{p1}},
		{Text: "DB_PASS = \"" + p3 + "\"\nREDIS_PASS\t= " + p4, Want: []string{p3, p4}},
		{Text: `{"uid": "sa", "pwd": "` + p6 + `"}`, Want: []string{p6}},
		{Text: "$db = ['pass' => '" + p2 + "'];", Want: []string{p2}},

		// Placeholders, templates, lookups, defaults.
		{Text: "DB_PASSWORD="},
		{Text: `{"password": ""}`},
		{Text: "password: ${DB_PASSWORD}"},
		{Text: "DB_PASSWORD=$DB_PASSWORD_FROM_VAULT"},
		{Text: `password: "{{ .Values.db.password }}"`},
		{Text: "password: <password>"},
		{Text: `"password": "<your-password-here>"`},
		{Text: "password = %(db_password)s"},
		{Text: `password: "%(db_password)s"`},
		{Text: "password=********"},
		{Text: "password: xxxxxxxxxx"},
		{Text: `password = os.getenv("DB_PASSWORD")`},
		{Text: "password: process.env.DB_PASSWORD,"},
		{Text: "password = ENV['DB_PASSWORD']"},
		{Text: "password: ${{ secrets.DB_PASSWORD }}"},
		{Text: `"password": null`},
		{Text: "password = None"},
		{Text: "require_password: true"},
		{Text: "password: changeme"},
		{Text: `"password": "Password"`},
		{Text: `"password": "Mot de passe"`},
		{Text: `"password": "Enter your password"`},
		{Text: "PASSWORD=secret"},
		{Text: "password=example123"},
		{Text: "admin_password: admin2024"},
		{Text: "password_hash: $2b$12$KIXQJ9vQ7lS3d1s7u6mQeO1YpVq0w3lq8e1Qk3Zr5bM5n6o7p8q9r"},
		{Text: "password_min_length: 12"},
		{Text: "PWD=/home/alice/ledger"},
		{Text: "Password: must be at least 12 characters long"},
		{Text: "echo $TOKEN | docker login --password-stdin registry.internal"},
		{Text: "conn = connect(user=db_user, password=db_password)"},
		{Text: "password = self.password"},
		{Text: "password: !vault |"},
		{Text: `<input type="password" name="password" placeholder="Password">`},
		{Text: "bypass: Xk9mQ2vLrT"},
		{Text: "mkdir -p build/output && ssh -p 2222 host"},
		{Text: "pass=abc12"}, // shorter than 6
		{Text: "grep alice /etc/passwd: alice:x:1001:1001:Alice:/home/alice:/bin/bash"},
		{Text: "Jan 12 10:00:01 host sshd[912]: Failed password for invalid user admin from 10.0.0.1 port 22 ssh2"},
		{Text: "passwd: Authentication token manipulation error"},
		{Text: "POSTGRES_PASSWORD: postgres"},
	}, Identifiers...)
}
